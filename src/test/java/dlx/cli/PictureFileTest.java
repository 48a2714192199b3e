package dlx.cli;

import static dlx.cli.TrainAndEvalTest.dlx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dlx.InvalidInputException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PictureFileTest {
    @Test
    void aFileEndingInOneOfTheFormatsPassesAndAnyOtherIsRefusedNamingThem() {
        assertThatCode(() -> PictureFile.require(Path.of("a/b.svg"), ".png", ".svg")).doesNotThrowAnyException();
        assertThatThrownBy(() -> PictureFile.require(Path.of("a/b.jpg"), ".png", ".svg"))
                .isInstanceOf(InvalidInputException.class).hasMessage("--out a/b.jpg: the file must end in .png or .svg");
        assertThatThrownBy(() -> PictureFile.require(Path.of("plot.svg"), ".png"))
                .isInstanceOf(InvalidInputException.class).hasMessage("--out plot.svg: the file must end in .png");
    }

    @Test
    void aDrawingCommandRefusesAnotherFormatInOneLineWithExitTwoAndWritesNothing(@TempDir Path dir) {
        Path out = dir.resolve("functions.jpg");
        TrainAndEvalTest.Outcome drawn = dlx("functions", "--out", out.toString());
        assertThat(drawn.exitCode()).isEqualTo(2);
        assertThat(drawn.err().strip()).isEqualTo("dlx: --out " + out + ": the file must end in .png or .svg");
        assertThat(dir).isEmptyDirectory();
    }
}
