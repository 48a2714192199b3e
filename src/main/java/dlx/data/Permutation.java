package dlx.data;

import java.util.Random;

/**
 * Seeded shuffles of row indices. java.util.Random's algorithm is fixed by its specification, so the
 * order drawn for a seed is the same on every JDK, and a run can be reproduced from its seed.
 */
final class Permutation {
    private Permutation() {
    }

    /** 0..n-1 in an order that depends only on the seed (Fisher-Yates). */
    static int[] shuffled(int n, long seed) {
        int[] order = identity(n);
        Random random = new Random(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        return order;
    }

    static int[] identity(int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        return order;
    }

    /**
     * The seed of one independent stream (the split, epoch 7) of a run's seed. SplitMix64's mixing, because
     * java.util.Random gives nearly the same first numbers for neighbouring seeds.
     */
    static long seedFor(long seed, long stream) {
        long z = seed + (stream + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
