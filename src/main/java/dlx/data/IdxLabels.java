package dlx.data;

import java.nio.ByteBuffer;
import java.util.Locale;

/** An IDX label file: magic 0x00000801 (unsigned bytes, 1 dimension), the big-endian count, one byte per label. */
record IdxLabels(DataFile file, byte[] content) {
    private static final int MAGIC = 0x00000801;
    private static final int HEADER = 8;

    /** Reads the header first: the labels it announces are checked against the file and the heap before any is read. */
    static IdxLabels read(DataFile file, Fingerprint fingerprint) {
        byte[] head = file.head(HEADER);
        ByteBuffer header = ByteBuffer.wrap(head);
        if (head.length >= 4 && header.getInt(0) != MAGIC) {
            throw file.error(String.format("not an IDX label file (magic 0x%08x at offset 0, expected 0x%08x)",
                    header.getInt(0), MAGIC));
        }
        if (head.length < HEADER) {
            throw file.error("file ends at byte " + head.length + ", expected an IDX header of " + HEADER
                    + " bytes");
        }
        int count = header.getInt(4);
        if (count < 0) {
            throw file.error("label count " + count + " at offset 4 is not a valid size");
        }
        String what = String.format(Locale.ROOT, "%,d labels", count);
        file.requireRoomFor(count, what);
        return new IdxLabels(file, file.content(fingerprint, HEADER + (long) count, what));
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
