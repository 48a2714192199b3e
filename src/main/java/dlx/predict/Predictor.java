package dlx.predict;

import dlx.InvalidInputException;
import dlx.config.Experiment;
import dlx.config.LayerConfig;
import dlx.data.Batches;
import dlx.data.DataSources;
import dlx.data.InputExamples;
import dlx.data.LoadedData;
import dlx.data.Preprocessing;
import dlx.data.Split;
import dlx.eval.SplitEvaluation;
import dlx.run.Checkpoint;
import dlx.run.RunFolder;
import dlx.run.RunFolderException;
import dlx.run.RunInfo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * A trained network applied to new inputs: they are read in the form of the run's data source, normalised with the
 * statistics the run fitted on its training split (from the checkpoint, never from the inputs), and passed through
 * the network in inference mode in the batches dlx eval uses.
 */
public final class Predictor {
    private Predictor() {
    }

    /**
     * @param loaded     the checkpoint
     * @param checkpoint its file, for messages and the output
     * @param input      the new inputs' file or folder
     * @param top        how many of the most likely classes to give per input (at most the classes there are)
     * @param baseDir    what a legacy checkpoint's relative data path is relative to
     */
    public static Predictions predict(Checkpoint.Loaded loaded, Path checkpoint, Path input, int top, Path baseDir) {
        Experiment experiment = loaded.experiment();
        List<String> notes = new ArrayList<>();
        Preprocessing preprocessing = loaded.preprocessing();
        if (preprocessing == null) {
            preprocessing = refitted(experiment, checkpoint, baseDir);
            notes.add(checkpoint + " predates saved preprocessing: dlx predict takes it from the run's own training"
                    + " split again (" + trainingData(experiment) + "), as dlx eval does");
        }
        InputExamples inputs = InputExamples.read(input, experiment.data(), preprocessing);
        notes.addAll(inputs.notes());
        long takes = experiment.model().inputShape().size();
        if (inputs.featureCount() != takes) {
            throw new InvalidInputException(input + ": " + inputs.featureCount() + " values per example, but the network"
                    + " takes " + takes + " (" + experiment.model().inputShape() + ")");
        }
        float[] features = inputs.features().clone();
        preprocessing.applyTo(features);
        Split rows = new Split(features, inputs.rows(), inputs.featureCount(), null, new float[inputs.rows()]);
        experiment.model().embeddingVocab().ifPresent(vocab -> requireTokenIds(inputs, features, vocab, input));
        Decoder decoder = new Decoder(experiment.model().outputLayer(), preprocessing.classNames(), top);
        List<Prediction> predictions = new ArrayList<>();
        Batches batches = new Batches(rows, 1, experiment.model().inputShape().sequenceLength(),
                SplitEvaluation.BATCH_SIZE, false, 0);
        MultiLayerNetwork network = loaded.network();
        while (batches.hasNext()) {
            DataSet batch = batches.next();
            INDArray output = network.output(batch.getFeatures(), false);
            // [n, units] or, labelled per step, [n, units, steps]
            int steps = output.rank() == 3 ? (int) output.size(2) : 1;
            int n = (int) output.size(0);
            INDArray ordered = output.dup('c');
            float[] out = ordered.data().asFloat();
            // free the off-heap memory now, not at the next GC, as dlx eval does
            ordered.close();
            if (output.closeable()) {
                output.close();
            }
            batches.release();
            for (int i = 0; i < n; i++) {
                int row = predictions.size();
                predictions.add(decoder.decode(out, i, steps, inputs.names().get(row), inputs.passValues().get(row),
                        inputs.labels() == null ? null : inputs.labels().get(row)));
            }
        }
        return new Predictions(checkpoint.toString(), decoder.kind(), inputs.passThrough(), decoder.top(),
                decoder.probabilities(), predictions, notes);
    }

    /** An embedding reads whole numbers below its vocab: anything else is refused by the input's name, not mid-batch. */
    private static void requireTokenIds(InputExamples inputs, float[] features, int vocab, Path input) {
        for (int i = 0; i < features.length; i++) {
            float id = features[i];
            if (id < 0 || id >= vocab || id != Math.rint(id)) {
                throw new InvalidInputException(input + ": " + inputs.names().get(i / inputs.featureCount()) + " holds "
                        + id + ", which is not a token id of the embedding's vocab " + vocab + " (whole numbers 0 to "
                        + (vocab - 1) + ")");
            }
        }
    }

    /**
     * A checkpoint saved before checkpoints held their preprocessing: the run's data, split and fitted again, which
     * gives what the run fitted only while the data is what the run trained on.
     */
    private static Preprocessing refitted(Experiment experiment, Path checkpoint, Path baseDir) {
        LoadedData data;
        try {
            data = DataSources.load(experiment.data(), experiment.seed(), baseDir);
        } catch (InvalidInputException e) {
            throw new InvalidInputException(checkpoint + " predates saved preprocessing, so dlx predict fits it again on"
                    + " the run's training data, which it cannot read: " + e.getMessage(), e);
        }
        String trainedOn = trainedOn(checkpoint);
        if (trainedOn != null && !trainedOn.equals(data.fingerprint())) {
            throw new InvalidInputException(checkpoint + " predates saved preprocessing, and the run's training data"
                    + " changed since it trained (fingerprint " + trainedOn + ", now " + data.fingerprint() + "), so its"
                    + " normalisation cannot be fitted again as the run fitted it; restore the data or train again");
        }
        return data.preprocessing();
    }

    /** The data fingerprint run.json records, when the checkpoint lies in a run folder's checkpoints/. */
    private static String trainedOn(Path checkpoint) {
        Path runDir = checkpoint.toAbsolutePath().getParent().getParent();
        try {
            return RunInfo.readFrom(RunFolder.open(runDir)).datasetFingerprint();
        } catch (RunFolderException notARun) {
            return null;
        }
    }

    private static String trainingData(Experiment experiment) {
        return experiment.data().path() != null ? experiment.data().path() : "generated again from the run's seed";
    }

    /** Turns a network's output rows into predictions. */
    private static final class Decoder {
        private final List<String> classNames;
        private final int units;
        private final boolean probabilities;
        private final int top;

        Decoder(LayerConfig.Prediction outputLayer, List<String> classNames, int top) {
            this.classNames = classNames;
            this.units = outputLayer.units();
            String activation = outputLayer.activation().type();
            this.probabilities = activation.equals("softmax") || activation.equals("sigmoid");
            this.top = Math.min(top, Math.max(classNames.size(), 1));
        }

        Predictions.Kind kind() {
            return classNames.isEmpty() ? Predictions.Kind.REGRESSION : Predictions.Kind.CLASSIFICATION;
        }

        int top() {
            return classNames.isEmpty() ? 0 : top;
        }

        boolean probabilities() {
            return probabilities;
        }

        /** Row i of a batch's output {@code out}, laid out [n, units, steps] ('c' order). */
        Prediction decode(float[] out, int i, int steps, String name, List<String> passValues, String label) {
            int offset = i * units * steps;
            if (classNames.isEmpty()) {
                return new Prediction(name, passValues, Float.toString(out[offset]), null, List.of(), List.of(), label);
            }
            if (steps == 1) {
                List<Prediction.ClassProbability> ranked = ranked(out, offset, 1);
                Prediction.ClassProbability best = ranked.get(0);
                return new Prediction(name, passValues, best.name(), best.probability(), ranked.subList(0, top),
                        List.of(), label);
            }
            List<Prediction.ClassProbability> perStep = new ArrayList<>();
            for (int t = 0; t < steps; t++) {
                perStep.add(ranked(out, offset + t, steps).get(0));
            }
            boolean characters = classNames.stream().allMatch(c -> c.length() == 1);
            String joined = String.join(characters ? "" : " ", perStep.stream().map(Prediction.ClassProbability::name)
                    .toList());
            float least = (float) perStep.stream().mapToDouble(Prediction.ClassProbability::probability).min().orElseThrow();
            return new Prediction(name, passValues, joined, least, List.of(), perStep, label);
        }

        /** Every class with its probability, most likely first (ties: the lower class index first). */
        private List<Prediction.ClassProbability> ranked(float[] out, int offset, int stride) {
            float[] p = new float[classNames.size()];
            if (units == 1) { // one sigmoid unit: the probability of the second class
                p[1] = out[offset];
                p[0] = 1 - p[1];
            } else {
                for (int k = 0; k < p.length; k++) {
                    p[k] = out[offset + k * stride];
                }
            }
            return IntStream.range(0, p.length).boxed().sorted(Comparator.comparingDouble((Integer k) -> -p[k]))
                    .map(k -> new Prediction.ClassProbability(classNames.get(k), p[k])).toList();
        }
    }
}
