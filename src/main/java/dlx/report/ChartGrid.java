package dlx.report;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.util.List;
import org.knowm.xchart.internal.chartpart.IChart;

/**
 * Charts side by side in rows, each row under a heading of its own: small multiples that share
 * their axes' ranges read better than one chart with a dozen lines. Saved like any chart, by
 * {@link LineChart#save}.
 */
public final class ChartGrid implements IChart {
    private static final int HEADING = 30;
    private final String title;
    private final List<Row> rows;
    private final int cellWidth;
    private final int cellHeight;

    /** One row of panels; {@code heading} may be null for a row without one. */
    public record Row(String heading, List<? extends IChart> charts) {
    }

    public ChartGrid(String title, List<Row> rows, int cellWidth, int cellHeight) {
        this.title = title;
        this.rows = List.copyOf(rows);
        this.cellWidth = cellWidth;
        this.cellHeight = cellHeight;
    }

    @Override
    public int getWidth() {
        return cellWidth * rows.stream().mapToInt(r -> r.charts().size()).max().orElse(1);
    }

    @Override
    public int getHeight() {
        return rows.stream().mapToInt(r -> cellHeight + (r.heading() == null ? 0 : HEADING)).sum();
    }

    @Override
    public String getTitle() {
        return title;
    }

    @Override
    public void paint(Graphics2D g, int width, int height) {
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        int y = 0;
        for (Row row : rows) {
            if (row.heading() != null) {
                g.setColor(Color.DARK_GRAY);
                g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
                g.drawString(row.heading(), 10, y + HEADING - 9);
                y += HEADING;
            }
            for (int c = 0; c < row.charts().size(); c++) {
                Graphics2D cell = (Graphics2D) g.create(c * cellWidth, y, cellWidth, cellHeight);
                row.charts().get(c).paint(cell, cellWidth, cellHeight);
                cell.dispose();
            }
            y += cellHeight;
        }
    }
}
