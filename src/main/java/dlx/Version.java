package dlx;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** dlx's own version, filled in by the build, for run.json and --version. */
public final class Version {
    private Version() {
    }

    public static String current() {
        try (InputStream in = Version.class.getResourceAsStream("/dlx/version.properties")) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
