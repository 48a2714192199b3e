package dlx.data;

import static dlx.data.ResolvedConfigs.csv;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dlx.config.ConfigException;
import dlx.config.Task;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvSourceTest {
    @TempDir
    Path dir;

    @Test
    void theLabelColumnIsTheAnswerAndEveryOtherColumnAFeature() throws Exception {
        write("iris.csv", """
                width,species,length
                1.5,setosa,2
                2.5,virginica,4
                3.5,setosa,6
                """);

        LoadedData data = DataSources.load(csv("iris.csv", null, 0, 0.5, null, "none", "classification",
                "species"), 1, dir);

        assertThat(data.inputShape()).containsExactly(2);
        assertThat(data.classes()).isEqualTo(2);
        assertThat(data.classNames()).containsExactly("setosa", "virginica");
        assertThat(data.train().rows() + data.test().rows()).isEqualTo(3);
        Split all = data.train().rows() == 2 ? data.train() : data.test();
        for (int r = 0; r < all.rows(); r++) {
            float width = all.features()[2 * r];
            assertThat(all.features()[2 * r + 1]).isEqualTo(2 * width - 1);
            assertThat(data.classNames().get(all.labels()[r])).isEqualTo(width == 2.5f ? "virginica" : "setosa");
        }
    }

    @Test
    void numericLabelsAreSortedAsNumbers() throws Exception {
        write("d.csv", "x,label\n1,10\n2,9\n3,-1\n4,9\n");

        LoadedData data = DataSources.load(csv("d.csv", null, 0, 0.25, null, "none", "classification", "label"),
                1, dir);

        assertThat(data.classNames()).containsExactly("-1", "9", "10");
    }

    @Test
    void regressionTargetsAreTheLabelColumnsNumbers() throws Exception {
        write("r.csv", "a,b,y\n1,2,0.5\n3,4,1.5\n");

        LoadedData data = DataSources.load(csv("r.csv", "r.csv", 0, 0, null, "none", "regression", "y"), 1, dir);

        assertThat(data.task()).isEqualTo(Task.REGRESSION);
        assertThat(data.classes()).isZero();
        assertThat(data.classNames()).isEmpty();
        assertThat(data.test().labels()).isNull();
        assertThat(data.test().targets()).containsExactly(0.5f, 1.5f);
        assertThat(data.test().features()).containsExactly(1, 2, 3, 4);
    }

    @Test
    void aTestFileIsTheWholeTestSet() throws Exception {
        write("train.csv", "x,label\n" + "1,a\n".repeat(10));
        write("test.csv", "x,label\n5,a\n6,b\n7,a\n");

        LoadedData data = DataSources.load(csv("train.csv", "test.csv", 0.2, 0, null, "none", "classification",
                "label"), 1, dir);

        assertThat(data.train().rows()).isEqualTo(8);
        assertThat(data.validation().rows()).isEqualTo(2);
        assertThat(data.test().features()).containsExactly(5, 6, 7);
        assertThat(data.classNames()).as("classes of both files").containsExactly("a", "b");
    }

    @Test
    void withoutATestFileTestSplitIsHeldOutBeforeTheValidationSplit() throws Exception {
        write("d.csv", "x,label\n" + "1,a\n".repeat(100));

        LoadedData data = DataSources.load(csv("d.csv", null, 0.25, 0.2, null, "none", "classification",
                "label"), 1, dir);

        assertThat(data.test().rows()).isEqualTo(20);
        assertThat(data.validation().rows()).isEqualTo(20);
        assertThat(data.train().rows()).isEqualTo(60);
    }

    @Test
    void quotedCellsMayHoldCommasAndBlankLinesAreSkipped() throws Exception {
        write("q.csv", "\n\"x\", label\n\n1,\"New York, NY\"\n2,\"say \"\"hi\"\"\"\n\n");

        LoadedData data = DataSources.load(csv("q.csv", "q.csv", 0, 0, null, "none", "classification", "label"),
                1, dir);

        assertThat(data.classNames()).containsExactly("New York, NY", "say \"hi\"");
        assertThat(data.test().rows()).isEqualTo(2);
    }

    @Test
    void pathsAreRelativeToTheBaseFolder() throws Exception {
        write("sub/d.csv", "x,y\n1,2\n3,4\n5,6\n");

        LoadedData data = DataSources.load(csv("sub/d.csv", null, 0, 0.4, null, "none", "regression", "y"), 1, dir);

        assertThat(data.train().rows() + data.test().rows()).isEqualTo(3);
    }

    @Test
    void inputShapeIsTheNumberOfFeatureColumns() throws Exception {
        write("wide.csv", "a,b,label,c\n");

        assertThat(DataSources.inputShape(csv("wide.csv", null, 0, 0.2, null, "scale", "classification", "label"),
                dir)).containsExactly(3);
    }

    @Test
    void aMissingLabelColumnListsTheColumns() throws Exception {
        write("data.csv", "a,b,c\n1,2,3\n");

        assertThatThrownBy(() -> DataSources.load(csv("data.csv", null, 0, 0.2, null, "scale", "classification",
                "label"), 1, dir))
                .isInstanceOf(DataException.class)
                .hasMessage("data.csv: line 1: no column 'label' (columns: a, b, c)");
        assertThatThrownBy(() -> DataSources.inputShape(csv("data.csv", null, 0, 0.2, null, "scale",
                "classification", "label"), dir))
                .hasMessage("data.csv: line 1: no column 'label' (columns: a, b, c)");
    }

    @Test
    void aRowWithTooFewCellsNamesItsLine() throws Exception {
        write("data.csv", "a,b,c,label\n1,2,3,x\n\n1,2,3,y\n1,2,3,x\n1,2,3,y\n1,2,x\n");

        assertThatThrownBy(() -> load("data.csv", "classification", "label"))
                .isInstanceOf(DataException.class)
                .hasMessage("data.csv: line 7: 3 cells, expected 4 as in the header");
    }

    @Test
    void aCellThatIsNotANumberNamesItsLineAndColumn() throws Exception {
        write("data.csv", "a,b,label\n" + "1,2,x\n".repeat(7) + "1,abc,x\n");

        assertThatThrownBy(() -> load("data.csv", "classification", "label"))
                .isInstanceOf(DataException.class)
                .hasMessage("data.csv: line 9, column 'b': 'abc' is not a number");
    }

    @Test
    void anEmptyCellIsNotANumber() throws Exception {
        write("data.csv", "a,b,label\n1,,x\n");

        assertThatThrownBy(() -> load("data.csv", "classification", "label"))
                .hasMessage("data.csv: line 2, column 'b': '' is not a number");
    }

    @Test
    void regressionLabelsMustBeNumbers() throws Exception {
        write("data.csv", "a,label\n1,2\n1,two\n");

        assertThatThrownBy(() -> load("data.csv", "regression", "label"))
                .isInstanceOf(DataException.class)
                .hasMessage("data.csv: line 3, column 'label': 'two' is not a number");
    }

    @Test
    void aTestFileMustHaveTheSameHeader() throws Exception {
        write("train.csv", "a,b,label\n1,2,x\n");
        write("test.csv", "a,c,label\n1,2,x\n");

        assertThatThrownBy(() -> DataSources.load(csv("train.csv", "test.csv", 0, 0, null, "none",
                "classification", "label"), 1, dir))
                .isInstanceOf(DataException.class)
                .hasMessage("test.csv: line 1: columns (a, c, label) differ from those of train.csv (a, b, label)");
    }

    @Test
    void emptyFilesAndMissingFilesAreNamed() throws Exception {
        write("empty.csv", "\n\n");
        write("header.csv", "a,label\n");

        assertThatThrownBy(() -> load("empty.csv", "classification", "label"))
                .hasMessage("empty.csv: empty file, expected a header row naming the columns");
        assertThatThrownBy(() -> load("header.csv", "classification", "label"))
                .hasMessage("header.csv: no rows after the header on line 1");
        assertThatThrownBy(() -> load("nowhere.csv", "classification", "label"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("data.path: nowhere.csv: no such file");
    }

    @Test
    void bytesThatAreNotUtf8AreFound() throws Exception {
        Files.write(dir.resolve("latin1.csv"), new byte[]{'a', ',', 'l', '\n', '1', ',', (byte) 0xE9, '\n'});

        assertThatThrownBy(() -> load("latin1.csv", "classification", "label"))
                .isInstanceOf(DataException.class)
                .hasMessage("latin1.csv: byte 6: not UTF-8 text");
    }

    @Test
    void theFingerprintChangesWithTheFile() throws Exception {
        write("a.csv", "x,y\n1,2\n3,4\n");
        String before = load("a.csv", "regression", "y").fingerprint();
        write("a.csv", "x,y\n1,2\n3,5\n");

        assertThat(load("a.csv", "regression", "y").fingerprint()).startsWith("sha256:").isNotEqualTo(before);
    }

    private LoadedData load(String file, String task, String label) {
        return DataSources.load(csv(file, null, 0, 0.5, null, "none", task, label), 1, dir);
    }

    private void write(String file, String text) throws Exception {
        Files.createDirectories(dir.resolve(file).getParent());
        Files.writeString(dir.resolve(file), text);
    }
}
