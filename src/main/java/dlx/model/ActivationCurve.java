package dlx.model;

import dlx.config.ActivationConfig;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An activation function and its derivative on a range of inputs, computed by the DL4J function a network of that
 * activation uses (its forward pass and its backprop), so the picture shows what training computes.
 *
 * <p>Softmax is drawn over two inputs (x, 0): its first output e^x / (e^x + 1), which is sigmoid(x), and that
 * output's derivative with respect to x.
 *
 * @param x     the inputs, evenly spaced
 * @param value f(x)
 * @param slope f'(x), as backpropagation computes it
 */
public record ActivationCurve(ActivationConfig activation, double[] x, double[] value, double[] slope) {

    /** f and f' at {@code points} inputs from {@code from} to {@code to}. */
    public static ActivationCurve of(ActivationConfig activation, double from, double to, int points) {
        double[] x = new double[points];
        for (int i = 0; i < points; i++) {
            x[i] = from + (to - from) * i / (points - 1);
        }
        IActivation function = NetworkFactory.activation(activation);
        boolean softmax = activation.type().equals("softmax");
        int columns = softmax ? 2 : 1;
        INDArray in = Nd4j.zeros(DataType.DOUBLE, points, columns);
        for (int i = 0; i < points; i++) {
            in.putScalar(i, 0, x[i]);
        }
        INDArray out = function.getActivation(in.dup(), false);
        INDArray upstream = Nd4j.zeros(DataType.DOUBLE, points, columns);
        upstream.getColumn(0).assign(1); // d(first output)/d(inputs)
        INDArray gradient = function.backprop(in.dup(), upstream).getFirst();
        double[] value = new double[points];
        double[] slope = new double[points];
        for (int i = 0; i < points; i++) {
            value[i] = out.getDouble(i, 0);
            slope[i] = gradient.getDouble(i, 0);
        }
        return new ActivationCurve(activation, x, value, slope);
    }
}
