package dlx.model.kernel;

import java.lang.reflect.Field;
import org.nd4j.linalg.api.ndarray.INDArray;
import sun.misc.Unsafe;

/**
 * Reads and writes ND4J's off-heap arrays from Java. The kernels' loops are plain Java over native
 * memory: no ND4J op per element-wise step (each costs microseconds of dispatch), no copy to the heap.
 */
final class Memory {
    static final Unsafe UNSAFE;
    static final long FLOATS = Unsafe.ARRAY_FLOAT_BASE_OFFSET;
    static final long DOUBLES = Unsafe.ARRAY_DOUBLE_BASE_OFFSET;

    static {
        try {
            Field field = Unsafe.class.getDeclaredField("theUnsafe");
            field.setAccessible(true);
            UNSAFE = (Unsafe) field.get(null);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private Memory() {
    }

    /**
     * The address of an array's first element. In ND4J 1.0.0-M2.1 a view's buffer already starts at the
     * view's offset, so adding {@code offset()} here would point past it (and corrupt the native heap).
     */
    static long address(INDArray array) {
        return array.data().addressPointer().address();
    }

    static float getFloat(long address, long index) {
        return UNSAFE.getFloat(address + 4 * index);
    }

    static void putFloat(long address, long index, float value) {
        UNSAFE.putFloat(address + 4 * index, value);
    }

    static double getDouble(long address, long index) {
        return UNSAFE.getDouble(address + 8 * index);
    }

    static void putDouble(long address, long index, double value) {
        UNSAFE.putDouble(address + 8 * index, value);
    }

    static void read(long address, long index, float[] to, int at, int count) {
        UNSAFE.copyMemory(null, address + 4 * index, to, FLOATS + 4L * at, 4L * count);
    }

    static void write(float[] from, int at, long address, long index, int count) {
        UNSAFE.copyMemory(from, FLOATS + 4L * at, null, address + 4 * index, 4L * count);
    }

    static void read(long address, long index, double[] to, int at, int count) {
        UNSAFE.copyMemory(null, address + 8 * index, to, DOUBLES + 8L * at, 8L * count);
    }

    static void write(double[] from, int at, long address, long index, int count) {
        UNSAFE.copyMemory(from, DOUBLES + 8L * at, null, address + 8 * index, 8L * count);
    }
}
