package dlx.report;

import dlx.run.RunFolder;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Small images in a table, grey levels scaled up so a 28x28 image reads: augmented examples, filters, feature maps.
 * Each row has a label on its left, each column a heading; every cell shares one grey scale (the lowest value of
 * all images black, the highest white), so brightness compares across cells, unless {@code eachOwnScale}.
 */
public final class ImageGrid {
    private static final int PAD = 6;
    private static final int HEADING = 22;
    private static final int TITLE = 30;

    static {
        System.setProperty("java.awt.headless", "true");
    }

    /** One picture: {@code height x width} values, row by row. */
    public record Cell(float[] values, int height, int width) {
        public Cell {
            if (values.length != height * width) {
                throw new IllegalArgumentException(values.length + " values do not make " + height + "x" + width);
            }
        }
    }

    private ImageGrid() {
    }

    /**
     * Writes the grid as PNG, atomically.
     *
     * @param rows         rows of cells, all rows as long as {@code columnHeadings}
     * @param rowLabels    one per row, drawn on its left
     * @param scale        screen pixels per image pixel
     * @param eachOwnScale each cell stretched to its own range (filters and feature maps, whose ranges differ)
     */
    public static void write(Path file, String title, List<String> columnHeadings, List<String> rowLabels,
                             List<List<Cell>> rows, int scale, boolean eachOwnScale) {
        if (!file.getFileName().toString().endsWith(".png")) {
            throw new IllegalArgumentException("an image grid is saved as .png, got " + file);
        }
        BufferedImage image = draw(title, columnHeadings, rowLabels, rows, scale, eachOwnScale);
        RunFolder.writeAtomically(file, out -> ImageIO.write(image, "png", out));
    }

    static BufferedImage draw(String title, List<String> columnHeadings, List<String> rowLabels, List<List<Cell>> rows,
                              int scale, boolean eachOwnScale) {
        int cellWidth = rows.stream().flatMap(List::stream).mapToInt(Cell::width).max().orElse(1) * scale;
        int cellHeight = rows.stream().flatMap(List::stream).mapToInt(Cell::height).max().orElse(1) * scale;
        Font font = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
        Graphics2D measure = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics();
        FontMetrics metrics = measure.getFontMetrics(font);
        int titleWidth = measure.getFontMetrics(font.deriveFont(Font.BOLD, 14f)).stringWidth(title);
        int labelWidth = rowLabels.stream().mapToInt(metrics::stringWidth).max().orElse(0) + 2 * PAD;
        int columns = rows.stream().mapToInt(List::size).max().orElse(0);
        int headingWidth = columnHeadings.stream().mapToInt(metrics::stringWidth).max().orElse(0) + PAD;
        int columnWidth = Math.max(cellWidth, headingWidth) + PAD;
        int width = Math.max(labelWidth + columns * columnWidth + PAD, titleWidth + 2 * PAD);
        int height = TITLE + HEADING + rows.size() * (cellHeight + PAD) + PAD;
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.DARK_GRAY);
        g.setFont(font.deriveFont(Font.BOLD, 14f));
        g.drawString(title, PAD, TITLE - 10);
        g.setFont(font);
        for (int c = 0; c < columnHeadings.size(); c++) {
            g.drawString(columnHeadings.get(c), labelWidth + c * columnWidth, TITLE + HEADING - 7);
        }
        float[] range = range(rows.stream().flatMap(List::stream).toList());
        for (int r = 0; r < rows.size(); r++) {
            int top = TITLE + HEADING + r * (cellHeight + PAD);
            g.setColor(Color.DARK_GRAY);
            g.drawString(r < rowLabels.size() ? rowLabels.get(r) : "", PAD, top + cellHeight / 2 + 4);
            for (int c = 0; c < rows.get(r).size(); c++) {
                Cell cell = rows.get(r).get(c);
                paint(out, cell, eachOwnScale ? range(List.of(cell)) : range, labelWidth + c * columnWidth, top, scale);
            }
        }
        g.dispose();
        return out;
    }

    /** The lowest and highest value of the cells. */
    private static float[] range(List<Cell> cells) {
        float low = Float.POSITIVE_INFINITY;
        float high = Float.NEGATIVE_INFINITY;
        for (Cell cell : cells) {
            for (float v : cell.values()) {
                if (Float.isFinite(v)) {
                    low = Math.min(low, v);
                    high = Math.max(high, v);
                }
            }
        }
        return low <= high ? new float[] {low, high} : new float[] {0, 1};
    }

    private static void paint(BufferedImage out, Cell cell, float[] range, int left, int top, int scale) {
        float span = range[1] > range[0] ? range[1] - range[0] : 1;
        for (int y = 0; y < cell.height(); y++) {
            for (int x = 0; x < cell.width(); x++) {
                float v = cell.values()[y * cell.width() + x];
                int grey = Float.isFinite(v) ? Math.round(255 * Math.max(0, Math.min(1, (v - range[0]) / span))) : 0;
                int rgb = grey << 16 | grey << 8 | grey;
                for (int dy = 0; dy < scale; dy++) {
                    for (int dx = 0; dx < scale; dx++) {
                        out.setRGB(left + x * scale + dx, top + y * scale + dy, rgb);
                    }
                }
            }
        }
    }
}
