package dlx.model;

/**
 * DL4J's oneDNN (and cuDNN) layer helpers, which make convolutions and pooling about 5x faster on the CPU, are off
 * unless a system property says otherwise; DL4J reads it when a layer is built or restored. No DL4J class is
 * referenced here, so {@code dlx --help} and {@code dlx config validate} can call it and stay free of ND4J.
 */
public final class LayerHelpers {
    private LayerHelpers() {
    }

    /** Turns the helpers on for every network built or restored after this call. */
    public static void enable() {
        System.setProperty("org.eclipse.deeplearning4j.helpers.disable", "false");
    }
}
