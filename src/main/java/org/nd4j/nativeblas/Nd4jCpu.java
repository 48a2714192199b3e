package org.nd4j.nativeblas;

/**
 * Where DL4J 1.0.0-M2.1 looks, by reflection, to decide whether its oneDNN convolution and pooling
 * helpers may run: {@code BaseMKLDNNHelper.mklDnnEnabled()} calls
 * {@code org.nd4j.nativeblas.Nd4jCpu$Environment.getInstance().isUseMKLDNN()}. In M2.1 that class moved
 * (and the method was renamed isUseONEDNN), so the lookup fails and DL4J silently drops the helpers,
 * making CNNs about 4x slower (BENCHMARKS.md, "Before dlx"). This class answers at the old name.
 */
public final class Nd4jCpu {
    private Nd4jCpu() {
    }

    /** Forwards to ND4J's environment under its M2.1 name. */
    public static final class Environment {
        private static final Environment INSTANCE = new Environment();

        private Environment() {
        }

        public static Environment getInstance() {
            return INSTANCE;
        }

        public boolean isUseMKLDNN() {
            return org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu.Environment.getInstance().isUseONEDNN();
        }
    }
}
