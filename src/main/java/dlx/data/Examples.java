package dlx.data;

/** Examples as a source read them, before the seeded split: any of their rows can be copied out as a Split. */
interface Examples {
    int rows();

    /** A copy of the given rows, in the given order, as float features. */
    Split select(int[] rowIndices);
}
