package dlx.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvTest {
    @TempDir
    Path dir;

    @Test
    void cellsAreQuotedOnlyWhenTheyHoldACommaAQuoteOrALineBreak() {
        assertThat(Csv.line(Arrays.asList("a", 1, 0.5, null, "[0.1, 0.2]", "say \"hi\"", "two\nlines", Double.NaN)))
                .isEqualTo("a,1,0.5,,\"[0.1, 0.2]\",\"say \"\"hi\"\"\",\"two\nlines\",NaN\n");
    }

    @Test
    void whatIsWrittenReadsBackCellForCellInUtf8() throws Exception {
        Path file = dir.resolve("t.csv");
        Csv.write(file, List.of("name", "value"), List.of(List.of("Ünïcode, ok", 1.5), List.of("x\"y", -2)));
        assertThat(Files.readString(file, StandardCharsets.UTF_8)).startsWith("name,value\n\"Ünïcode, ok\",1.5\n");
        assertThat(Csv.read(file)).containsExactly(Map.of("name", "Ünïcode, ok", "value", "1.5"),
                Map.of("name", "x\"y", "value", "-2"));
    }

    @Test
    void aRowCutShortByAKilledProcessIsLeftOut() throws Exception {
        Path file = dir.resolve("metrics.csv");
        Files.writeString(file, "epoch,iteration,loss\n1,10,0.5\n2,20,0.4\n3,30\n");
        assertThat(Csv.read(file)).extracting(r -> r.get("epoch")).containsExactly("1", "2");
        assertThat(Csv.read(dir.resolve("absent.csv"))).isEmpty();
    }
}
