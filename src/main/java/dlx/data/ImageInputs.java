package dlx.data;

import dlx.Limits;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Images for a run trained on an image source: a PNG or JPEG file, a folder of them (its .png, .jpg and .jpeg files
 * in name order), or an IDX image file, next to which an IDX label file of the same stem gives the answers. Each
 * image becomes gray values 0..255 as the IDX files hold them: a gray image's own values, a colour image's luma
 * (0.299 R + 0.587 G + 0.114 B), transparency over black (Fashion-MNIST's background). An image of another size is
 * resized to the training images' size by averaging the area each pixel covers; when that changes the aspect ratio a
 * note says so.
 */
final class ImageInputs {
    private static final List<String> EXTENSIONS = List.of(".png", ".jpg", ".jpeg");
    private static final int IDX_IMAGES_MAGIC = 0x00000803;
    /** Aspect ratios closer than this are the same shape: 28x28 from 100x99 is no distortion worth a note. */
    private static final double ASPECT_TOLERANCE = 0.02;

    private ImageInputs() {
    }

    static InputExamples read(DataFile input, Preprocessing preprocessing) {
        int height = preprocessing.inputShape().get(0);
        int width = preprocessing.inputShape().get(1);
        if (Files.isDirectory(input.path())) {
            return folder(input, height, width);
        }
        if (!Files.isRegularFile(input.path())) {
            throw input.error("no such file or folder");
        }
        if (isIdxImages(input)) {
            return idx(input, height, width, preprocessing.classNames());
        }
        List<String> notes = new ArrayList<>();
        float[] pixels = image(input, height, width, notes);
        return new InputExamples(List.of(input.path().getFileName().toString()), pixels, height * width, List.of(),
                List.of(List.of()), null, notes);
    }

    private static InputExamples folder(DataFile folder, int height, int width) {
        List<Path> files;
        try (Stream<Path> listed = Files.list(folder.path())) {
            files = listed.filter(p -> Files.isRegularFile(p) && EXTENSIONS.stream()
                    .anyMatch(e -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(e))).sorted().toList();
        } catch (IOException e) {
            throw folder.error("cannot list the folder (" + e.getMessage() + ")");
        }
        if (files.isEmpty()) {
            throw folder.error("no PNG or JPEG images in this folder (.png, .jpg, .jpeg)");
        }
        folder.requireRoomFor((long) files.size() * height * width, files.size() + " images of " + height + "x" + width);
        float[] pixels = new float[files.size() * height * width];
        List<String> names = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            String name = files.get(i).getFileName().toString();
            float[] one = image(folder.inside(name), height, width, notes);
            System.arraycopy(one, 0, pixels, i * one.length, one.length);
            names.add(name);
        }
        return new InputExamples(names, pixels, height * width, List.of(), names.stream().map(n -> List.<String>of())
                .toList(), null, notes);
    }

    private static boolean isIdxImages(DataFile file) {
        byte[] head = file.head(4);
        return head.length == 4 && ByteBuffer.wrap(head).getInt() == IDX_IMAGES_MAGIC;
    }

    private static InputExamples idx(DataFile file, int height, int width, List<String> classNames) {
        IdxImages images = IdxImages.read(file, new Fingerprint());
        if (images.height() != height || images.width() != width) {
            throw file.error(images.height() + "x" + images.width() + " images, but the network takes " + height + "x"
                    + width + " (export them as PNG files to have them resized)");
        }
        int[] all = java.util.stream.IntStream.range(0, images.count()).toArray();
        if (all.length == 0) {
            throw file.error("no images (its header gives 0)");
        }
        List<String> names = new ArrayList<>();
        for (int i : all) {
            names.add(file.path().getFileName() + "[" + i + "]");
        }
        return new InputExamples(names, images.features(all), height * width, List.of(),
                names.stream().map(n -> List.<String>of()).toList(), labels(file, images.count(), classNames), List.of());
    }

    /** The class names from the IDX label file beside the images (train-images → train-labels), if there is one. */
    private static List<String> labels(DataFile images, int count, List<String> classNames) {
        String name = images.path().getFileName().toString();
        if (!name.contains("images-idx3") || classNames.isEmpty()) {
            return null;
        }
        String labelName = name.replace("images-idx3", "labels-idx1");
        Path sibling = images.path().resolveSibling(labelName);
        if (!Files.isRegularFile(sibling)) {
            return null;
        }
        DataFile file = new DataFile(null, Path.of(images.shown()).resolveSibling(labelName).toString(), sibling);
        IdxLabels labels = IdxLabels.read(file, new Fingerprint());
        if (labels.count() != count) {
            throw file.error(labels.count() + " labels for the " + count + " images of " + images.shown());
        }
        List<String> named = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int label = labels.label(i);
            if (label >= classNames.size()) {
                throw file.error("label " + label + " at offset " + labels.offset(i) + " is not one of the run's "
                        + classNames.size() + " classes");
            }
            named.add(classNames.get(label));
        }
        return named;
    }

    /** One image as height x width gray values 0..255, resized when its size differs. */
    private static float[] image(DataFile file, int height, int width, List<String> notes) {
        BufferedImage image = decode(file);
        int w = image.getWidth();
        int h = image.getHeight();
        float[] gray = gray(image);
        if (w == width && h == height) {
            return gray;
        }
        double from = (double) w / h;
        double to = (double) width / height;
        if (Math.abs(from / to - 1) > ASPECT_TOLERANCE) {
            notes.add(String.format(Locale.ROOT, "%s: %dx%d resized to %dx%d, which changes its aspect ratio from %.2f"
                    + " to %.2f", file.shown(), w, h, width, height, from, to));
        }
        return resized(gray, w, h, width, height);
    }

    /** The image, its size read from its header and checked before a pixel is decoded. */
    private static BufferedImage decode(DataFile file) {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.path().toFile())) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                throw file.error("not a PNG or JPEG image (the run trained on images: give PNG or JPEG files, a folder"
                        + " of them, or an IDX image file)");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
                if (pixels > Limits.IMAGE_PIXELS) {
                    throw file.error(String.format(Locale.ROOT, "%dx%d pixels, more than the %,d dlx reads from one"
                            + " image", reader.getWidth(0), reader.getHeight(0), Limits.IMAGE_PIXELS));
                }
                return reader.read(0);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof DataException known) {
                throw known;
            }
            throw file.error("not a readable image (" + (e.getMessage() == null ? e.getClass().getSimpleName()
                    : e.getMessage()) + ")");
        }
    }

    /** Gray values 0..255, row by row. */
    private static float[] gray(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        float[] out = new float[w * h];
        ColorModel model = image.getColorModel();
        Raster raster = image.getRaster();
        boolean gray = model.getColorSpace().getType() == ColorSpace.TYPE_GRAY && model.getNumColorComponents() == 1;
        // a gray image's samples are its values: getRGB would pass them through a colour conversion that changes them
        double grayMax = gray ? (1 << model.getComponentSize(0)) - 1 : 0;
        double alphaMax = model.hasAlpha() ? (1 << model.getComponentSize(model.getNumComponents() - 1)) - 1 : 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double value;
                double alpha;
                if (gray) {
                    value = raster.getSample(x, y, 0) * 255.0 / grayMax;
                    alpha = model.hasAlpha() ? raster.getSample(x, y, raster.getNumBands() - 1) / alphaMax : 1;
                } else {
                    int argb = image.getRGB(x, y);
                    value = 0.299 * (argb >> 16 & 0xFF) + 0.587 * (argb >> 8 & 0xFF) + 0.114 * (argb & 0xFF);
                    alpha = (argb >>> 24) / 255.0;
                }
                out[y * w + x] = Math.round(value * alpha);
            }
        }
        return out;
    }

    /** Each output pixel the mean of the input area it covers (partly covered input pixels weighted by how much). */
    private static float[] resized(float[] in, int w, int h, int width, int height) {
        float[] out = new float[width * height];
        double sx = (double) w / width;
        double sy = (double) h / height;
        for (int oy = 0; oy < height; oy++) {
            double y0 = oy * sy;
            double y1 = y0 + sy;
            for (int ox = 0; ox < width; ox++) {
                double x0 = ox * sx;
                double x1 = x0 + sx;
                double sum = 0;
                double area = 0;
                for (int y = (int) y0; y < Math.min(h, Math.ceil(y1)); y++) {
                    double cy = Math.min(y1, y + 1) - Math.max(y0, y);
                    for (int x = (int) x0; x < Math.min(w, Math.ceil(x1)); x++) {
                        double c = cy * (Math.min(x1, x + 1) - Math.max(x0, x));
                        sum += c * in[y * w + x];
                        area += c;
                    }
                }
                out[oy * width + ox] = (float) Math.round(sum / area);
            }
        }
        return out;
    }
}
