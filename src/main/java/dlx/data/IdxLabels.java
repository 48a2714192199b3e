package dlx.data;

import java.nio.ByteBuffer;

/** An IDX label file: magic 0x00000801 (unsigned bytes, 1 dimension), the big-endian count, one byte per label. */
record IdxLabels(DataFile file, byte[] content) {
    private static final int MAGIC = 0x00000801;
    private static final int HEADER = 8;

    static IdxLabels read(DataFile file, Fingerprint fingerprint) {
        byte[] content = file.content(fingerprint);
        ByteBuffer header = ByteBuffer.wrap(content);
        if (content.length >= 4 && header.getInt(0) != MAGIC) {
            throw file.error(String.format("not an IDX label file (magic 0x%08x at offset 0, expected 0x%08x)",
                    header.getInt(0), MAGIC));
        }
        if (content.length < HEADER) {
            throw file.error("file ends at byte " + content.length + ", expected an IDX header of " + HEADER
                    + " bytes");
        }
        int count = header.getInt(4);
        if (count < 0) {
            throw file.error("label count " + count + " at offset 4 is not a valid size");
        }
        long expected = HEADER + (long) count;
        if (content.length != expected) {
            throw file.error(content.length < expected
                    ? "file ends at byte " + content.length + ", expected " + expected + " bytes"
                    : content.length + " bytes, expected " + expected + " for " + count + " labels");
        }
        return new IdxLabels(file, content);
    }

    int count() {
        return content.length - HEADER;
    }

    int label(int i) {
        return content[HEADER + i] & 0xFF;
    }

    /** -1 when there are none. */
    int maxLabel() {
        int max = -1;
        for (int i = 0; i < count(); i++) {
            max = Math.max(max, label(i));
        }
        return max;
    }

    /** The byte offset of label i in the (uncompressed) file, for error messages. */
    int offset(int i) {
        return HEADER + i;
    }

    int[] select(int[] rows) {
        int[] labels = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            labels[i] = label(rows[i]);
        }
        return labels;
    }
}
