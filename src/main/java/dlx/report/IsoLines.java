package dlx.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.DoubleBinaryOperator;

/**
 * The contour lines of f(x, y) over a rectangle, by marching squares on a grid of cells: f is sampled at
 * the grid's corners, each level crosses a cell's edge where f passes it (linearly interpolated), and
 * the crossings are joined into lines.
 */
final class IsoLines {
    private final double[] window;
    private final int cells;
    private final double[][] f;

    /** @param window {xMin, xMax, yMin, yMax} */
    IsoLines(DoubleBinaryOperator function, double[] window, int cells) {
        this.window = window.clone();
        this.cells = cells;
        this.f = new double[cells + 1][cells + 1];
        for (int i = 0; i <= cells; i++) {
            for (int j = 0; j <= cells; j++) {
                f[i][j] = function.applyAsDouble(x(i), y(j));
            }
        }
    }

    /**
     * {@code count} levels that split the window's area into equal parts by f's value, spaced more densely
     * near the minimum (where the paths end): evenly spread lines on a bowl and on a narrow valley alike.
     */
    double[] levels(int count) {
        double[] sorted = Arrays.stream(f).flatMapToDouble(Arrays::stream).filter(Double::isFinite).sorted().toArray();
        double[] levels = new double[count];
        for (int k = 0; k < count; k++) {
            double q = Math.pow((k + 1.0) / (count + 1), 2);
            levels[k] = sorted[(int) (q * (sorted.length - 1))];
        }
        return Arrays.stream(levels).distinct().toArray();
    }

    /** The lines where f equals {@code level}: {x, y} with NaN between one line and the next. */
    double[][] at(double level) {
        Map<Integer, double[]> crossings = new HashMap<>();
        Map<Integer, List<Integer>> joined = new LinkedHashMap<>();
        for (int i = 0; i < cells; i++) {
            for (int j = 0; j < cells; j++) {
                // the cell's edges in order bottom, right, top, left, each with the corners it joins
                int[] edges = {horizontal(i, j), vertical(i + 1, j), horizontal(i, j + 1), vertical(i, j)};
                int[][] ends = {{i, j, i + 1, j}, {i + 1, j, i + 1, j + 1}, {i, j + 1, i + 1, j + 1}, {i, j, i, j + 1}};
                List<Integer> crossed = new ArrayList<>(4);
                for (int e = 0; e < 4; e++) {
                    int[] c = ends[e];
                    if ((f[c[0]][c[1]] >= level) != (f[c[2]][c[3]] >= level)) {
                        crossings.computeIfAbsent(edges[e], id -> crossing(c, level));
                        crossed.add(e);
                    }
                }
                if (crossed.size() == 2) {
                    join(joined, edges[crossed.get(0)], edges[crossed.get(1)]);
                } else if (crossed.size() == 4) {
                    // a saddle: the centre's side decides which corners the lines cut off
                    double centre = (f[i][j] + f[i + 1][j] + f[i][j + 1] + f[i + 1][j + 1]) / 4;
                    boolean likeBottomLeft = (centre >= level) == (f[i][j] >= level);
                    join(joined, edges[0], edges[likeBottomLeft ? 1 : 3]);
                    join(joined, edges[2], edges[likeBottomLeft ? 3 : 1]);
                }
            }
        }
        return polylines(joined, crossings);
    }

    /** Walks the crossings into lines: open ones from an end, then the closed ones. */
    private static double[][] polylines(Map<Integer, List<Integer>> joined, Map<Integer, double[]> crossings) {
        List<double[]> points = new ArrayList<>();
        Set<Integer> visited = new HashSet<>();
        List<Integer> starts = new ArrayList<>(joined.keySet().stream().filter(id -> joined.get(id).size() == 1).toList());
        starts.addAll(joined.keySet());
        for (int start : starts) {
            if (!visited.add(start)) {
                continue;
            }
            if (!points.isEmpty()) {
                points.add(new double[] {Double.NaN, Double.NaN});
            }
            points.add(crossings.get(start));
            int length = 1;
            int at = start;
            Integer next;
            while ((next = joined.get(at).stream().filter(n -> !visited.contains(n)).findFirst().orElse(null)) != null) {
                visited.add(next);
                points.add(crossings.get(next));
                length++;
                at = next;
            }
            if (length > 2 && joined.get(at).contains(start)) {
                points.add(crossings.get(start)); // a closed line
            }
        }
        return new double[][] {points.stream().mapToDouble(p -> p[0]).toArray(),
                points.stream().mapToDouble(p -> p[1]).toArray()};
    }

    private static void join(Map<Integer, List<Integer>> joined, int a, int b) {
        joined.computeIfAbsent(a, k -> new ArrayList<>(2)).add(b);
        joined.computeIfAbsent(b, k -> new ArrayList<>(2)).add(a);
    }

    /** Where f passes {@code level} between the corners (i1, j1) and (i2, j2). */
    private double[] crossing(int[] c, double level) {
        double a = f[c[0]][c[1]];
        double b = f[c[2]][c[3]];
        double t = (level - a) / (b - a);
        return new double[] {x(c[0]) + t * (x(c[2]) - x(c[0])), y(c[1]) + t * (y(c[3]) - y(c[1]))};
    }

    private int horizontal(int i, int j) {
        return 2 * (j * (cells + 1) + i);
    }

    private int vertical(int i, int j) {
        return 2 * (j * (cells + 1) + i) + 1;
    }

    private double x(int i) {
        return window[0] + (window[1] - window[0]) * i / cells;
    }

    private double y(int j) {
        return window[2] + (window[3] - window[2]) * j / cells;
    }
}
