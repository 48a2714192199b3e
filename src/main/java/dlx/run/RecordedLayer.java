package dlx.run;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One layer's rows of a run's layers.csv (written with {@code training.record}).
 *
 * @param index the layer's index in model.layers
 * @param type  its type and activation, e.g. {@code dense/sigmoid}
 * @param rows  iteration, epoch and the statistics, oldest first
 */
public record RecordedLayer(int index, String type, List<Map<String, Double>> rows) {

    /** The recorded layers in index order; empty when the run recorded none. */
    public static List<RecordedLayer> read(Path runDir) {
        Map<Integer, String> types = new TreeMap<>();
        Map<Integer, List<Map<String, Double>>> rows = new HashMap<>();
        for (Map<String, String> cells : CsvRows.cells(runDir.resolve(RunFolder.LAYERS))) {
            Map<String, Double> row = CsvRows.numbers(cells);
            int index = row.get("layer").intValue();
            types.putIfAbsent(index, cells.get("type"));
            rows.computeIfAbsent(index, i -> new ArrayList<>()).add(row);
        }
        return types.entrySet().stream().map(t -> new RecordedLayer(t.getKey(), t.getValue(), rows.get(t.getKey()))).toList();
    }

    /** "2 dense/sigmoid": how charts name the layer. */
    public String label() {
        return index + " " + type;
    }
}
