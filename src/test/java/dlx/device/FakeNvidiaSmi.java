package dlx.device;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * A stand-in for NVIDIA's nvidia-smi, written into a folder for tests: it answers the queries dlx and its launcher
 * make (--query-gpu with any of index, name, memory.total, compute_cap, driver_version; plain output's header)
 * from a fixed list of GPUs, like a driver would; or fails as a driver that does not answer does.
 */
public final class FakeNvidiaSmi {
    public static final String DRIVER = "535.104.05";
    public static final String CUDA = "12.2";

    private FakeNvidiaSmi() {
    }

    /** @param gpus lines "index, name, memory MiB, compute capability"; empty: a driver that lists no GPU */
    public static Path install(Path dir, List<String> gpus) throws IOException {
        return write(dir, """
                #!/usr/bin/env bash
                GPUS=%3$s
                if [[ -z "$GPUS" ]]; then echo "No devices were found"; exit 6; fi
                query=""
                for a in "$@"; do [[ "$a" == --query-gpu=* ]] && query="${a#--query-gpu=}"; done
                if [[ -z "$query" ]]; then
                  echo "| NVIDIA-SMI %1$s   Driver Version: %1$s   CUDA Version: %2$s     |"; exit 0
                fi
                while IFS=',' read -r index name memory cap; do
                  out=""
                  IFS=',' read -ra fields <<< "$query"
                  for f in "${fields[@]}"; do
                    case "$f" in
                      index) v="$index" ;; name) v="${name# }" ;; memory.total) v="${memory# }" ;;
                      compute_cap) v="${cap# }" ;; driver_version) v="%1$s" ;;
                      *) echo "Field \\"$f\\" is not a valid field to query."; exit 2 ;;
                    esac
                    out="${out:+$out, }$v"
                  done
                  echo "$out"
                done <<< "$GPUS"
                """.formatted(DRIVER, CUDA, "$'" + String.join("\\n", gpus).replace("'", "\\'") + "'"));
    }

    /** A driver from before 510, which does not know compute_cap. */
    public static Path installOld(Path dir, List<String> gpus) throws IOException {
        Path smi = install(dir, gpus);
        String script = Files.readString(smi).replace("compute_cap) v=\"${cap# }\" ;; ", "");
        Files.writeString(smi, script);
        return smi;
    }

    /** A driver that is installed but does not answer. */
    public static Path installBroken(Path dir) throws IOException {
        return write(dir, """
                #!/usr/bin/env bash
                echo "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver. Make sure that the latest NVIDIA driver is installed and running."
                exit 9
                """);
    }

    private static Path write(Path dir, String script) throws IOException {
        Files.createDirectories(dir);
        Path smi = dir.resolve("nvidia-smi");
        Files.writeString(smi, script);
        Files.setPosixFilePermissions(smi, PosixFilePermissions.fromString("rwxr-xr-x"));
        return smi;
    }
}
