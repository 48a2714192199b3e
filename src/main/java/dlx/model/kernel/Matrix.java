package dlx.model.kernel;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A matrix in native memory as BLAS reads it: {@code rows x cols}, stored row by row {@code ld} elements
 * apart, or, when {@code transposed}, stored as its transpose (column by column). DL4J keeps weights and
 * their gradients in 'f' order [nIn, nOut]: such a matrix is its transpose in row-major memory, and
 * {@link #of} says so instead of copying it.
 */
record Matrix(long address, int rows, int cols, int ld, boolean transposed, boolean isDouble) {

    /** A row-major block: {@code rows x cols} at {@code address}, rows {@code ld} elements apart. */
    static Matrix rowMajor(long address, int rows, int cols, int ld, boolean isDouble) {
        return new Matrix(address, rows, cols, ld, false, isDouble);
    }

    /** A 2-d array with unit stride along one of its dimensions, as it lies in memory. */
    static Matrix of(INDArray array) {
        if (array.rank() != 2) {
            throw new IllegalArgumentException("a matrix needs a rank 2 array, got shape " + java.util.Arrays.toString(array.shape()));
        }
        int rows = Math.toIntExact(array.size(0));
        int cols = Math.toIntExact(array.size(1));
        long rowStride = array.stride(0);
        long colStride = array.stride(1);
        boolean isDouble = array.dataType() == DataType.DOUBLE;
        long address = Memory.address(array);
        if (colStride == 1 || cols == 1) {
            return new Matrix(address, rows, cols, (int) Math.max(rows == 1 ? cols : rowStride, Math.max(1, cols)), false, isDouble);
        }
        if (rowStride == 1 || rows == 1) {
            return new Matrix(address, rows, cols, (int) Math.max(cols == 1 ? rows : colStride, Math.max(1, rows)), true, isDouble);
        }
        throw new IllegalArgumentException("strides " + rowStride + ", " + colStride + " have no unit stride");
    }

    /** Whether {@link #of} takes this array as it is. */
    static boolean fits(INDArray array) {
        return array.rank() == 2 && (array.stride(1) == 1 || array.stride(0) == 1 || array.size(0) == 1 || array.size(1) == 1);
    }

    /** The same memory read as the transpose. */
    Matrix t() {
        return new Matrix(address, cols, rows, ld, !transposed, isDouble);
    }

    /** Columns {@code from} to {@code from + count}. */
    Matrix columns(int from, int count) {
        long size = isDouble ? 8 : 4;
        long offset = transposed ? (long) from * ld * size : from * size;
        return new Matrix(address + offset, rows, count, ld, transposed, isDouble);
    }

    /** Rows {@code from} to {@code from + count} of a row-major matrix. */
    Matrix rows(int from, int count) {
        if (transposed) {
            throw new IllegalStateException("row blocks of a transposed matrix are not contiguous rows");
        }
        return new Matrix(address + (long) from * ld * (isDouble ? 8 : 4), count, cols, ld, false, isDouble);
    }
}
