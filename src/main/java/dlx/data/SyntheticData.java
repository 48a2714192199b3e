package dlx.data;

import dlx.config.DataConfig;
import dlx.config.Task;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/**
 * Small generated data sets for trying a model out, the same for the same seed:
 * <ul>
 *   <li>xor: four Gaussian clusters around (&plusmn;1, &plusmn;1), class (x &gt; 0) XOR (y &gt; 0);
 *   <li>spirals: two interleaved spirals of 1.5 turns out to radius 1, one class each;
 *   <li>moons: two interleaving half circles, as scikit-learn's make_moons;
 *   <li>sine: x uniform in [-&pi;, &pi;], target sin(x) (regression);
 *   <li>parity: sequences of random bits (0 or 1), each step labelled with the parity of the bits so far;
 *   <li>running_sum: sequences of values uniform in [-1, 1], each step labelled 1 when their sum so far is
 *       positive, else 0;
 *   <li>scale (one-to-many): one value, a pitch x uniform in [0, 12) semitones above C; the labels are the {@code steps}
 *       notes of the major scale up from note floor(x), as pitch classes C, C#, … B (steps 8: an octave);
 *   <li>addition (many-to-many, lengths differ): "a+b" as characters, each number of 1 to {@code digits} digits
 *       (its length drawn first, then its digits), padded with spaces to 2·digits + 1 steps of one token id each
 *       (0–9 the digits, 10 '+', 11 the space); the labels are the sum's digits, most significant first, then
 *       padding ({@code _}, class 10) up to digits + 1 steps. Each pair of numbers is asked once (a+b and b+a
 *       count as one), so no test question is a training question.
 * </ul>
 * noise is the standard deviation of the Gaussian noise added to each coordinate (sine: to the target).
 * parity and running_sum have shape [steps, 1] and a label per step.
 */
final class SyntheticData {
    private static final List<String> CLASS_NAMES = List.of("0", "1");
    private static final List<String> NOTES = List.of("C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B");
    /** Semitones above the first note of each note of a major scale. */
    private static final int[] MAJOR = {0, 2, 4, 5, 7, 9, 11};
    /** The answer's characters: the ten digits and the padding after the sum's last digit. */
    private static final List<String> ANSWER = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "_");
    private static final int PLUS = 10;
    private static final int SPACE = 11;
    private static final double SPIRAL_TURNS = 1.5;
    private static final long STREAM = -2; // SeededSplit uses -1, epochs 0, 1, 2, ...

    private SyntheticData() {
    }

    static List<Integer> inputShape(DataConfig.Synthetic data) {
        return switch (data.kind()) {
            case SINE -> List.of(1);
            case PARITY, RUNNING_SUM -> List.of(data.steps(), 1);
            case SCALE -> List.of(1);
            case ADDITION -> List.of(2 * data.digits() + 1, 1);
            case XOR, SPIRALS, MOONS -> List.of(2);
        };
    }

    static SourceData generate(DataConfig.Synthetic data, long seed) {
        Random random = new Random(Permutation.seedFor(seed, STREAM));
        int n = data.samples();
        Double noise = data.noise();
        Split examples = switch (data.kind()) {
            case XOR -> xor(n, noise, random);
            case SPIRALS -> spirals(n, noise, random);
            case MOONS -> moons(n, noise, random);
            case SINE -> sine(n, noise, random);
            case PARITY -> parity(n, data.steps(), random);
            case RUNNING_SUM -> runningSum(n, data.steps(), random);
            case SCALE -> scale(n, data.steps(), random);
            case ADDITION -> addition(n, data.digits(), random);
        };
        Fingerprint fingerprint = new Fingerprint();
        fingerprint.add(("synthetic kind=" + data.kind() + " samples=" + n + " noise=" + noise
                + (data.steps() == null ? "" : " steps=" + data.steps())
                + (data.digits() == null ? "" : " digits=" + data.digits()) + " seed=" + seed)
                .getBytes(StandardCharsets.UTF_8));
        List<String> classNames = classNames(data);
        return new SourceData(examples, null, inputShape(data), classNames.size(), classNames, fingerprint.value(),
                false, List.of());
    }

    static List<String> classNames(DataConfig.Synthetic data) {
        return switch (data.kind()) {
            case SCALE -> NOTES;
            case ADDITION -> ANSWER;
            default -> data.task() == Task.CLASSIFICATION ? CLASS_NAMES : List.of();
        };
    }

    private static Split xor(int n, double noise, Random random) {
        float[] points = new float[2 * n];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            int cluster = i % 4; // as many points around each centre
            double x = (cluster % 2 == 0 ? -1 : 1) + noise * random.nextGaussian();
            double y = (cluster / 2 == 0 ? -1 : 1) + noise * random.nextGaussian();
            points[2 * i] = (float) x;
            points[2 * i + 1] = (float) y;
            labels[i] = (x > 0) != (y > 0) ? 1 : 0;
        }
        return new Split(points, n, 2, labels, null);
    }

    private static Split spirals(int n, double noise, Random random) {
        float[] points = new float[2 * n];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 2;
            double radius = random.nextDouble();
            double angle = radius * SPIRAL_TURNS * 2 * Math.PI + labels[i] * Math.PI;
            points[2 * i] = (float) (radius * Math.cos(angle) + noise * random.nextGaussian());
            points[2 * i + 1] = (float) (radius * Math.sin(angle) + noise * random.nextGaussian());
        }
        return new Split(points, n, 2, labels, null);
    }

    private static Split moons(int n, double noise, Random random) {
        int outer = n / 2;
        float[] points = new float[2 * n];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            boolean inner = i >= outer;
            int index = inner ? i - outer : i;
            int count = inner ? n - outer : outer;
            double angle = count > 1 ? Math.PI * index / (count - 1) : 0; // evenly spaced, as make_moons
            double x = inner ? 1 - Math.cos(angle) : Math.cos(angle);
            double y = inner ? 0.5 - Math.sin(angle) : Math.sin(angle);
            points[2 * i] = (float) (x + noise * random.nextGaussian());
            points[2 * i + 1] = (float) (y + noise * random.nextGaussian());
            labels[i] = inner ? 1 : 0;
        }
        return new Split(points, n, 2, labels, null);
    }

    private static Split parity(int n, int steps, Random random) {
        float[] bits = new float[n * steps];
        int[] labels = new int[n * steps];
        for (int i = 0; i < n * steps; i++) {
            int bit = random.nextInt(2);
            bits[i] = bit;
            labels[i] = (i % steps == 0 ? 0 : labels[i - 1]) ^ bit;
        }
        return new Split(bits, n, steps, labels, null, steps);
    }

    private static Split runningSum(int n, int steps, Random random) {
        float[] values = new float[n * steps];
        int[] labels = new int[n * steps];
        double sum = 0;
        for (int i = 0; i < n * steps; i++) {
            values[i] = (float) (2 * random.nextDouble() - 1);
            sum = (i % steps == 0 ? 0 : sum) + values[i];
            labels[i] = sum > 0 ? 1 : 0;
        }
        return new Split(values, n, steps, labels, null, steps);
    }

    private static Split scale(int n, int steps, Random random) {
        float[] pitches = new float[n];
        int[] labels = new int[n * steps];
        for (int i = 0; i < n; i++) {
            double pitch = NOTES.size() * random.nextDouble();
            pitches[i] = (float) pitch;
            int note = Math.min((int) pitches[i], NOTES.size() - 1); // a float rounded up to 12.0 is still B
            for (int t = 0; t < steps; t++) {
                labels[i * steps + t] = (note + MAJOR[t % MAJOR.length]) % NOTES.size();
            }
        }
        return new Split(pitches, n, 1, labels, null, steps);
    }

    private static Split addition(int n, int digits, Random random) {
        int questionLength = 2 * digits + 1;
        int answerLength = digits + 1;
        float[] questions = new float[n * questionLength];
        int[] answers = new int[n * answerLength];
        long base = (long) Math.pow(10, digits);
        java.util.Set<Long> asked = new java.util.HashSet<>();
        for (int i = 0; i < n; ) {
            long a = number(digits, random);
            long b = number(digits, random);
            if (!asked.add(Math.min(a, b) * base + Math.max(a, b))) {
                continue;
            }
            encodeQuestion(a + "+" + b, questions, i * questionLength, questionLength);
            String sum = Long.toString(a + b);
            for (int c = 0; c < answerLength; c++) {
                answers[i * answerLength + c] = c < sum.length() ? sum.charAt(c) - '0' : ANSWER.size() - 1;
            }
            i++;
        }
        return new Split(questions, n, questionLength, answers, null, answerLength);
    }

    /**
     * An addition question as token ids at {@code into[at .. at + length)}: 0–9 the digits, 10 '+', 11 the spaces that
     * pad it to {@code length}. The caller checks that it holds only those characters and fits.
     */
    static void encodeQuestion(String question, float[] into, int at, int length) {
        for (int c = 0; c < length; c++) {
            char ch = c < question.length() ? question.charAt(c) : ' ';
            into[at + c] = ch == '+' ? PLUS : ch == ' ' ? SPACE : ch - '0';
        }
    }

    /** A number of 1 to {@code digits} digits: its length uniform first, then its digits (no leading zero). */
    private static long number(int digits, Random random) {
        int length = 1 + random.nextInt(digits);
        long low = length == 1 ? 0 : (long) Math.pow(10, length - 1);
        long high = (long) Math.pow(10, length);
        return low + (long) (random.nextDouble() * (high - low));
    }

    private static Split sine(int n, double noise, Random random) {
        float[] xs = new float[n];
        float[] ys = new float[n];
        for (int i = 0; i < n; i++) {
            double x = Math.PI * (2 * random.nextDouble() - 1);
            xs[i] = (float) x;
            ys[i] = (float) (Math.sin(x) + noise * random.nextGaussian());
        }
        return new Split(xs, n, 1, null, ys);
    }
}
