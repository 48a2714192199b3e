package dlx.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dlx.device.FakeNvidiaSmi;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ./dlx choosing the jar for --backend before the JVM starts, on a checkout whose two builds are stand-ins that print
 * which one ran, with a fake mvn (it records its arguments and "builds" the CUDA jar) and a fake nvidia-smi on the
 * PATH playing the NVIDIA driver. The reasons auto gives are AutoChoiceTest's sentences, word for word.
 */
class LauncherBackendTest {
    private static final String A100 = "0, NVIDIA A100-SXM4-40GB, 40960, 8.0";
    private static final String H200 = "0, NVIDIA H200, 143771, 9.0";

    @TempDir
    Path checkout;

    private Path bin;
    private Path cpuJar;

    @BeforeEach
    void checkoutWithACpuBuild() throws Exception {
        Path repo = Path.of("").toAbsolutePath();
        Files.copy(repo.resolve("dlx"), checkout.resolve("dlx"));
        Files.writeString(checkout.resolve("pom.xml"), "<project/>");
        Files.createDirectories(checkout.resolve("src/main"));
        Instant old = Instant.now().minusSeconds(3600);
        Files.setLastModifiedTime(checkout.resolve("pom.xml"), FileTime.from(old));
        Files.setLastModifiedTime(checkout.resolve("src/main"), FileTime.from(old));
        cpuJar = checkout.resolve("target/dlx.jar");
        standInJar(cpuJar);

        bin = Files.createDirectories(checkout.resolve("bin"));
        // mvn: records its arguments; with -Pcuda it makes the CUDA build and its natives, as the real profile does
        executable(bin.resolve("mvn"), """
                #!/usr/bin/env bash
                echo "$@" >> "%1$s/mvn.log"
                if [[ " $* " == *" -Pcuda "* ]]; then
                  mkdir -p "%1$s/target/cuda-lib"
                  cp "%1$s/target/dlx.jar" "%1$s/target/dlx-cuda.jar"
                  touch "%1$s/target/cuda-lib/nd4j-cuda-11.6-linux-x86_64.jar" "%1$s/target/cuda-lib/cuda-linux-x86_64-redist.jar"
                fi
                """.formatted(checkout));
    }

    @Test
    void cudaWithoutADriverIsRefusedAtOnceAndNothingIsBuilt() throws Exception {
        assumeNoRealDriver();
        Run run = launch(Map.of(), "train", "--config", "exp.yaml", "--backend", "cuda");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(run.output()).isEqualTo("dlx: --backend cuda: no NVIDIA driver (nvidia-smi not found); install NVIDIA's"
                + " driver (450.80.02 or newer), or use --backend cpu\n");
        assertThat(checkout.resolve("mvn.log")).doesNotExist();
        assertThat(checkout.resolve("target/dlx-cuda.jar")).doesNotExist();
    }

    @Test
    void cudaForSlurmJobsIsBuiltOnALoginNodeWithoutAGpu() throws Exception {
        FakeNvidiaSmi.install(bin, List.of()); // a login node: the jobs' nodes have the GPUs and check their own
        Run run = launch(Map.of(), "sweep", "--config", "exp.yaml", "--backend", "cuda", "--gpus", "2",
                "--launcher", "slurm");
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("ran dlx-cuda.jar");
        assertThat(launch(Map.of(), "train", "--backend", "cuda", "--launcher=slurm").output()).contains("ran dlx-cuda.jar");
        assertThat(launch(Map.of(), "train", "--backend", "cuda").exitCode()).as("not for a local run")
                .isEqualTo(ExitCodes.INVALID_INPUT);
    }

    @Test
    void theFirstCudaRunBuildsTheCudaJarWithTheProfileThenRunsIt() throws Exception {
        FakeNvidiaSmi.install(bin, List.of(A100));
        Run first = launch(Map.of(), "train", "--config", "exp.yaml", "--backend", "cuda");
        assertThat(first.exitCode()).as(first.output()).isZero();
        assertThat(first.output()).contains("dlx: building " + checkout.resolve("target/dlx-cuda.jar"))
                .contains("ran dlx-cuda.jar reason=null args=train --config exp.yaml --backend cuda");
        assertThat(Files.readString(checkout.resolve("mvn.log"))).isEqualTo("-q -DskipTests -Pcuda package\n");

        Run second = launch(Map.of(), "eval", "--checkpoint", "runs/x", "--backend=cuda");
        assertThat(second.output()).doesNotContain("building").contains("ran dlx-cuda.jar");
        Run third = launch(Map.of(), "predict", "--checkpoint", "runs/x", "--input", "a.png", "--backend", "cuda");
        assertThat(third.output()).doesNotContain("building").contains("ran dlx-cuda.jar");
        assertThat(Files.readAllLines(checkout.resolve("mvn.log"))).hasSize(1);
    }

    @Test
    void autoTakesTheCudaBuildWhenItIsThereAndAGpuAnswers() throws Exception {
        FakeNvidiaSmi.install(bin, List.of(A100));
        launch(Map.of(), "train", "--backend", "cuda"); // builds it
        Run run = launch(Map.of(), "train", "--config", "exp.yaml", "--backend", "auto");
        assertThat(run.output()).contains("ran dlx-cuda.jar reason=1 GPU (NVIDIA A100-SXM4-40GB) and the CUDA build");
    }

    @Test
    void autoStaysOnTheCpuAndSaysWhy() throws Exception {
        FakeNvidiaSmi.install(bin, List.of(A100));
        assertThat(launch(Map.of(), "train", "--backend", "auto").output())
                .contains("ran dlx.jar reason=no CUDA build yet (./dlx --backend cuda builds target/dlx-cuda.jar)");
        assertThat(checkout.resolve("mvn.log")).as("auto never builds the CUDA jar").doesNotExist();

        launch(Map.of(), "train", "--backend", "cuda");
        FakeNvidiaSmi.install(bin, List.of(H200));
        assertThat(launch(Map.of("DLX_BACKEND", "auto"), "train").output()).contains("ran dlx.jar reason=GPU 0 (NVIDIA"
                + " H200) has compute capability 9.0; the CUDA build has kernels for 3.7 to 8.9 only");
        FakeNvidiaSmi.installBroken(bin);
        assertThat(launch(Map.of(), "sweep", "--backend", "auto").output()).contains("ran dlx.jar reason=the NVIDIA"
                + " driver does not answer (nvidia-smi: NVIDIA-SMI has failed because");
    }

    @Test
    void autoWithoutADriverStaysOnTheCpu() throws Exception {
        assumeNoRealDriver();
        assertThat(launch(Map.of(), "activations", "--backend", "auto").output())
                .contains("ran dlx.jar reason=no NVIDIA driver (nvidia-smi not found)");
    }

    @Test
    void eachWayOfHavingNoUsableGpuIsOneLineNamingTheFix() throws Exception {
        FakeNvidiaSmi.install(bin, List.of());
        assertThat(launch(Map.of(), "train", "--backend", "cuda").output()).isEqualTo("dlx: --backend cuda: the NVIDIA"
                + " driver lists no GPU; check nvidia-smi -L, or use --backend cpu\n");
        FakeNvidiaSmi.installBroken(bin);
        assertThat(launch(Map.of(), "train", "--backend", "cuda").output()).startsWith("dlx: --backend cuda: the NVIDIA"
                + " driver does not answer (nvidia-smi: NVIDIA-SMI has failed").endsWith("); reload the driver or reboot,"
                + " or use --backend cpu\n");
        FakeNvidiaSmi.install(bin, List.of(H200));
        assertThat(launch(Map.of(), "train", "--backend", "cuda").output()).isEqualTo("dlx: --backend cuda: GPU 0 (NVIDIA"
                + " H200) has compute capability 9.0; the CUDA build has kernels for 3.7 to 8.9 only; use --backend cpu"
                + " (see docs/cuda.md)\n");
        assertThat(launch(Map.of("DLX_CUDA_ANY_GPU", "1"), "train", "--backend", "cuda").output())
                .as("tried anyway, to see what CUDA says").contains("ran dlx-cuda.jar");
        Files.delete(checkout.resolve("mvn.log"));
        FakeNvidiaSmi.install(bin, List.of(A100));
        assertThat(launch(Map.of("CUDA_VISIBLE_DEVICES", "1"), "train", "--backend", "cuda").output()).isEqualTo(
                "dlx: --backend cuda: CUDA_VISIBLE_DEVICES=1 hides every GPU; set it to a GPU's index (nvidia-smi -L), or"
                        + " use --backend cpu\n");
        assertThat(checkout.resolve("mvn.log")).doesNotExist();
    }

    @Test
    void moreGpusThanTheMachineHasAreRefused() throws Exception {
        FakeNvidiaSmi.install(bin, List.of(A100, "1, NVIDIA A100-SXM4-40GB, 40960, 8.0"));
        Run run = launch(Map.of(), "train", "--config", "exp.yaml", "--backend", "cuda", "--gpus", "3");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(run.output()).isEqualTo("dlx: --gpus 3: this machine has 2 GPU(s) the CUDA build can use (nvidia-smi);"
                + " use --gpus 2 or fewer\n");
        assertThat(checkout.resolve("mvn.log")).doesNotExist();
    }

    @Test
    void dlxBackendMovesTheComputingCommandsOnly() throws Exception {
        assumeNoRealDriver();
        Map<String, String> cuda = Map.of("DLX_BACKEND", "cuda");
        Run train = launch(cuda, "train", "--config", "exp.yaml");
        assertThat(train.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(train.output()).startsWith("dlx: DLX_BACKEND=cuda: no NVIDIA driver (nvidia-smi not found)");
        assertThat(launch(cuda, "runs", "list").output()).contains("ran dlx.jar");
        assertThat(launch(cuda, "doctor").output()).contains("ran dlx.jar");
        assertThat(launch(cuda, "train", "--backend", "cpu").output()).contains("ran dlx.jar");
    }

    private record Run(int exitCode, String output) {
    }

    private Run launch(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", checkout.resolve("dlx").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(checkout.toFile()).redirectErrorStream(true);
        Map<String, String> environment = builder.environment();
        environment.remove("DLX_BACKEND");
        environment.remove("CUDA_VISIBLE_DEVICES");
        environment.put("PATH", bin + ":" + System.getenv("PATH"));
        environment.putAll(new HashMap<>(env));
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
        return new Run(process.exitValue(), output);
    }

    private static void assumeNoRealDriver() {
        assumeTrue(Stream.of(System.getenv("PATH").split(":")).noneMatch(d -> Files.isExecutable(Path.of(d, "nvidia-smi"))),
                "this machine has an NVIDIA driver");
    }

    /** A jar whose main says which jar ran, why auto took it, and with which arguments. */
    private void standInJar(Path jar) throws IOException {
        Path src = Files.createDirectories(checkout.resolve("standin"));
        Files.writeString(src.resolve("StandIn.java"), """
                public class StandIn {
                    public static void main(String[] args) {
                        String jar = java.nio.file.Path.of(System.getProperty("java.class.path")).getFileName().toString();
                        System.out.println("ran " + jar + " reason=" + System.getenv("DLX_BACKEND_REASON")
                                + " args=" + String.join(" ", args));
                    }
                }
                """);
        assertThat(ToolProvider.getSystemJavaCompiler().run(null, null, null, src.resolve("StandIn.java").toString()))
                .isZero();
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "StandIn");
        Files.createDirectories(jar.getParent());
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest)) {
            out.putNextEntry(new JarEntry("StandIn.class"));
            out.write(Files.readAllBytes(src.resolve("StandIn.class")));
            out.closeEntry();
        }
    }

    private static void executable(Path file, String script) throws IOException {
        Files.writeString(file, script);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
