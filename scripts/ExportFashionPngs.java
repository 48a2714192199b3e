// Writes the first test image of each Fashion-MNIST class as an 8-bit gray PNG, for dlx predict's README example:
//   java scripts/ExportFashionPngs.java [datasets/fashion-mnist] [datasets/fashion-mnist-png]
// The images are t10k-images-idx3-ubyte.gz's pixels unchanged; a file is named after its index and class
// (t10k-00000-ankle-boot.png). FashionPngsTest checks the shipped files against the IDX set.
import java.awt.image.BufferedImage;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import javax.imageio.ImageIO;

public class ExportFashionPngs {
    static final String[] CLASSES = {"t-shirt-top", "trouser", "pullover", "dress", "coat", "sandal", "shirt",
            "sneaker", "bag", "ankle-boot"};

    public static void main(String[] args) throws IOException {
        Path from = Path.of(args.length > 0 ? args[0] : "datasets/fashion-mnist");
        Path to = Path.of(args.length > 1 ? args[1] : "datasets/fashion-mnist-png");
        byte[] images = gunzip(from.resolve("t10k-images-idx3-ubyte.gz"));
        byte[] labels = gunzip(from.resolve("t10k-labels-idx1-ubyte.gz"));
        Files.createDirectories(to);
        boolean[] done = new boolean[CLASSES.length];
        for (int i = 0, left = CLASSES.length; left > 0; i++) {
            int label = labels[8 + i];
            if (done[label]) {
                continue;
            }
            done[label] = true;
            left--;
            BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
            image.getRaster().setDataElements(0, 0, 28, 28, java.util.Arrays.copyOfRange(images, 16 + i * 784, 16 + (i + 1) * 784));
            Path file = to.resolve(String.format("t10k-%05d-%s.png", i, CLASSES[label]));
            ImageIO.write(image, "png", file.toFile());
            System.out.println(file);
        }
    }

    static byte[] gunzip(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(new GZIPInputStream(Files.newInputStream(file)))) {
            return in.readAllBytes();
        }
    }
}
