package dlx.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What the first convolution layer of a trained network has learned: its filters (the weights of input channel 0,
 * as DL4J stores them, [filters, channels, height, width]) and the feature maps one image makes, after the layer's
 * activation.
 *
 * @param layer   the layer's index among the DL4J network's layers
 * @param filters each filter's weights, row by row, {@code kernelHeight x kernelWidth}
 */
public record FirstConvolution(int layer, List<float[]> filters, int kernelHeight, int kernelWidth) {

    /** The network's first convolution layer, or empty when it has none. */
    public static Optional<FirstConvolution> of(MultiLayerNetwork network) {
        Layer[] layers = network.getLayers();
        for (int i = 0; i < layers.length; i++) {
            if (layers[i] instanceof ConvolutionLayer) {
                INDArray w = layers[i].getParam(ConvolutionParamInitializer.WEIGHT_KEY);
                int kh = (int) w.size(2);
                int kw = (int) w.size(3);
                List<float[]> filters = new ArrayList<>();
                for (int f = 0; f < w.size(0); f++) {
                    float[] values = new float[kh * kw];
                    for (int y = 0; y < kh; y++) {
                        for (int x = 0; x < kw; x++) {
                            values[y * kw + x] = w.getFloat(f, 0, y, x);
                        }
                    }
                    filters.add(values);
                }
                return Optional.of(new FirstConvolution(i, filters, kh, kw));
            }
        }
        return Optional.empty();
    }

    /** The layer's output maps for one flat image, [height, width] each, row by row. */
    public List<FeatureMap> featureMaps(MultiLayerNetwork network, float[] image) {
        INDArray input = Nd4j.create(image, new long[] {1, image.length}, DataType.FLOAT);
        INDArray out = network.feedForwardToLayer(layer, input, false).get(layer + 1); // [1, channels, h, w]
        int h = (int) out.size(2);
        int w = (int) out.size(3);
        List<FeatureMap> maps = new ArrayList<>();
        for (int c = 0; c < out.size(1); c++) {
            float[] values = new float[h * w];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    values[y * w + x] = out.getFloat(0, c, y, x);
                }
            }
            maps.add(new FeatureMap(values, h, w));
        }
        return maps;
    }

    public record FeatureMap(float[] values, int height, int width) {
    }
}
