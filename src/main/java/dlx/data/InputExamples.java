package dlx.data;

import dlx.config.DataConfig;
import java.nio.file.Path;
import java.util.List;

/**
 * New examples to predict, read in the form the run's data source uses and not yet normalised: a CSV file by the
 * training file's column names, PNG or JPEG images (a file or a folder) or an IDX image file for image sources, and
 * one example per line for generated data. Bad input fails with a {@link DataException} naming the file and the line,
 * column or image.
 *
 * @param names        one per example: the image's file name, "FILE[i]" in an IDX file, "line N" in a text file
 * @param features     row-major raw features, {@code featureCount} per example, as the source would read them
 * @param passThrough  the names of columns carried to the output unchanged (a CSV's id columns, a line's text)
 * @param passValues   per example, its pass-through cells in that order
 * @param labels       per example the true class name or target as text, when the input has them; else null
 * @param notes        what the reader changed and the user should know (images resized to another aspect ratio)
 */
public record InputExamples(List<String> names, float[] features, int featureCount, List<String> passThrough,
                            List<List<String>> passValues, List<String> labels, List<String> notes) {
    public InputExamples {
        if (features.length != (long) names.size() * featureCount) {
            throw new IllegalArgumentException(features.length + " features are not " + names.size() + " rows of "
                    + featureCount);
        }
    }

    public int rows() {
        return names.size();
    }

    /**
     * Reads {@code input} as the run's source would read its own data.
     *
     * @param source        the run's resolved data config: which form the input takes
     * @param preprocessing the run's: the image size, the CSV columns, the class names of IDX labels
     */
    public static InputExamples read(Path input, DataConfig source, Preprocessing preprocessing) {
        DataFile file = new DataFile(null, input.toString(), input);
        if (source instanceof DataConfig.Csv) {
            return CsvInputs.read(file, preprocessing);
        }
        if (source instanceof DataConfig.Synthetic synthetic) {
            return LineInputs.read(file, synthetic, preprocessing);
        }
        return ImageInputs.read(file, preprocessing);
    }
}
