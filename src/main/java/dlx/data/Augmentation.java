package dlx.data;

import dlx.config.DataConfig;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Random flips, rotations, shifts and padded crops of training images ({@code data.augment}). What is drawn for an
 * image depends only on (seed, epoch, the image's row in its split), never on the batch it falls in, so a run
 * resumed mid-epoch, or trained on several devices, changes each image exactly as a straight run does.
 *
 * <p>Images are [height, width, channels] floats, channels last, as the IDX sources store them.
 */
public final class Augmentation {
    /** Keeps augmentation's draws apart from the shuffle's, which seed the same SplitMix64 streams. */
    private static final long STREAM = 0x6A09E667F3BCC909L;

    private final DataConfig.Augment augment;
    private final int height;
    private final int width;
    private final int channels;
    private final long seed;

    private Augmentation(DataConfig.Augment augment, List<Integer> shape, long seed) {
        this.augment = augment;
        this.height = shape.get(0);
        this.width = shape.get(1);
        this.channels = shape.get(2);
        this.seed = seed;
    }

    /**
     * @param augment the resolved {@code data.augment}, or null
     * @param shape   [height, width, channels] of the images
     * @return null when there is nothing to change
     */
    public static Augmentation of(DataConfig.Augment augment, List<Integer> shape, long seed) {
        if (augment == null || !augment.flip() && augment.rotate() == 0 && augment.shift() == 0 && augment.crop() == 0) {
            return null;
        }
        if (shape.size() != 3) {
            throw new IllegalArgumentException("augmentation needs [height, width, channels] images, got " + shape);
        }
        return new Augmentation(augment, shape, seed);
    }

    /** Changes the image at {@code values[offset ..]} in place, as epoch {@code epoch} (from 0) changes row {@code row}. */
    public void apply(float[] values, int offset, int row, int epoch) {
        SplittableRandom random = new SplittableRandom(Permutation.seedFor(Permutation.seedFor(seed ^ STREAM, epoch), row));
        // every draw is made whether or not it is used, so turning one change off leaves the others' draws alone
        boolean flip = random.nextBoolean();
        double angle = Math.toRadians(augment.rotate() * (2 * random.nextDouble() - 1));
        int shiftDown = draw(random, augment.shift());
        int shiftRight = draw(random, augment.shift());
        int cropDown = draw(random, augment.crop());
        int cropRight = draw(random, augment.crop());
        float[] image = new float[height * width * channels];
        System.arraycopy(values, offset, image, 0, image.length);
        float[] out = new float[image.length];
        if (augment.flip() && flip) {
            image = moved(image, out, 0, 0, true, false);
            out = new float[image.length];
        }
        if (augment.rotate() > 0) {
            image = rotated(image, out, angle);
            out = new float[image.length];
        }
        if (shiftDown != 0 || shiftRight != 0) {
            image = moved(image, out, shiftDown, shiftRight, false, true);
            out = new float[image.length];
        }
        if (cropDown != 0 || cropRight != 0) {
            image = moved(image, out, cropDown, cropRight, false, false);
        }
        System.arraycopy(image, 0, values, offset, image.length);
    }

    /** A whole number in [−limit, limit], uniformly. */
    private static int draw(SplittableRandom random, int limit) {
        return random.nextInt(2 * limit + 1) - limit;
    }

    /**
     * The image moved {@code down} and {@code right} pixels (mirrored first when {@code flip}): pixels that come from
     * outside are the nearest edge pixel when {@code nearest}, else 0. A padded crop is such a move with zeros: cutting
     * at offset p + d from an image padded by p moves it by −d.
     */
    private float[] moved(float[] image, float[] out, int down, int right, boolean flip, boolean nearest) {
        for (int y = 0; y < height; y++) {
            int fromY = y - down;
            if (!nearest && (fromY < 0 || fromY >= height)) {
                continue;
            }
            fromY = Math.max(0, Math.min(height - 1, fromY));
            for (int x = 0; x < width; x++) {
                int fromX = (flip ? width - 1 - x : x) - right;
                if (!nearest && (fromX < 0 || fromX >= width)) {
                    continue;
                }
                fromX = Math.max(0, Math.min(width - 1, fromX));
                System.arraycopy(image, (fromY * width + fromX) * channels, out, (y * width + x) * channels, channels);
            }
        }
        return out;
    }

    /** The image turned by {@code angle} radians (counter-clockwise as seen) about its centre, bilinearly. */
    private float[] rotated(float[] image, float[] out, double angle) {
        double cos = Math.cos(angle);
        double sin = Math.sin(angle);
        double cy = (height - 1) / 2.0;
        double cx = (width - 1) / 2.0;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                // the source of (x, y): the inverse rotation, with y pointing down
                double dx = x - cx;
                double dy = y - cy;
                double sx = cx + cos * dx - sin * dy;
                double sy = cy + sin * dx + cos * dy;
                int x0 = (int) Math.floor(sx);
                int y0 = (int) Math.floor(sy);
                double fx = sx - x0;
                double fy = sy - y0;
                for (int c = 0; c < channels; c++) {
                    double v = (1 - fy) * ((1 - fx) * pixel(image, y0, x0, c) + fx * pixel(image, y0, x0 + 1, c))
                            + fy * ((1 - fx) * pixel(image, y0 + 1, x0, c) + fx * pixel(image, y0 + 1, x0 + 1, c));
                    out[(y * width + x) * channels + c] = (float) v;
                }
            }
        }
        return out;
    }

    private float pixel(float[] image, int y, int x, int c) {
        return y < 0 || y >= height || x < 0 || x >= width ? 0 : image[(y * width + x) * channels + c];
    }
}
