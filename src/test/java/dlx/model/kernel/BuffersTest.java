package dlx.model.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import org.deeplearning4j.nn.workspace.ArrayType;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A kernel's own arrays are allocated once per shape, not once per step. */
class BuffersTest {
    @Test
    void anArrayIsKeptWhileItsShapeStaysAndReplacedWhenItChanges() {
        Buffers.Owned owned = new Buffers.Owned();
        INDArray first = owned.take("gates", ArrayType.FF_WORKING_MEM, DataType.FLOAT, 28, 512L, 128);
        assertThat(owned.take("gates", ArrayType.FF_WORKING_MEM, DataType.FLOAT, 28, 512L, 128)).isSameAs(first);
        INDArray smaller = owned.take("gates", ArrayType.FF_WORKING_MEM, DataType.FLOAT, 28, 512L, 64);
        assertThat(smaller).isNotSameAs(first);
        assertThat(smaller.shape()).containsExactly(28, 512, 64);
        assertThat(owned.take("other", ArrayType.FF_WORKING_MEM, DataType.FLOAT, 28, 512L, 64)).isNotSameAs(smaller);
    }
}
