package dlx.cli;

import dlx.InvalidInputException;
import java.nio.file.Path;

/** The check every drawing command makes of its --out file: its name ends in one of the formats it can write. */
final class PictureFile {
    private PictureFile() {
    }

    /** formats: ".png", or ".png", ".svg"; a file ending in none is refused in one line naming them. */
    static void require(Path out, String... formats) {
        String name = out.getFileName() == null ? "" : out.getFileName().toString();
        for (String format : formats) {
            if (name.endsWith(format)) {
                return;
            }
        }
        throw new InvalidInputException("--out " + out + ": the file must end in " + String.join(" or ", formats));
    }
}
