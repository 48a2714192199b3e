package dlx.model.kernel;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Where a kernel's arrays come from. Inside {@code MultiLayerNetwork}'s own passes they come from DL4J's
 * workspaces, with the lifetimes DL4J gives each array type; in {@link KernelStep} each kernel keeps its
 * arrays from one step to the next and allocates only when the batch's shape changes.
 */
interface Buffers {
    /**
     * A 'c'-ordered array, its contents undefined.
     *
     * @param name what the array is for, unique within one kernel
     * @param type its lifetime, as DL4J names them: {@code ACTIVATIONS} live until the backward pass,
     *             {@code BP_WORKING_MEM} only during it, {@code ACTIVATION_GRAD} is the gradient handed down
     */
    INDArray take(String name, ArrayType type, DataType dataType, long... shape);

    /** DL4J's workspaces; an array type the caller configured none for (as when scoring) lives outside them. */
    static Buffers of(LayerWorkspaceMgr workspaces) {
        return (name, type, dataType, shape) -> workspaces.hasConfiguration(type) || workspaces.isScopedOut(type)
                ? workspaces.createUninitialized(type, dataType, shape, 'c')
                : Nd4j.createUninitialized(dataType, shape);
    }

    /** Arrays outside any workspace that a kernel keeps, one per name. */
    final class Owned implements Buffers {
        private final Map<String, INDArray> arrays = new HashMap<>();

        @Override
        public INDArray take(String name, ArrayType type, DataType dataType, long... shape) {
            INDArray array = arrays.get(name);
            if (array == null || array.dataType() != dataType || !Arrays.equals(array.shape(), shape)) {
                if (array != null) {
                    array.close();
                }
                try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
                    array = Nd4j.createUninitializedDetached(dataType, shape);
                }
                arrays.put(name, array);
            }
            return array;
        }
    }
}
