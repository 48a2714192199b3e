package dlx.cli;

import dlx.report.RunReport;
import dlx.run.RunFolder;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Parameters;

@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Build a self-contained HTML page: for one run, its report.html (rebuilt from what its folder"
                + " holds now); for several, one page comparing them.",
        footer = {"", "Examples:", "  dlx report runs/20261123-120000-quickstart        (writes its report.html)",
                "  dlx report runs/*-lr-* --out lr-sweep.html"})
public final class ReportCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "RUN", description = "Run folders, or run ids under --runs-dir.")
    List<String> runs;

    @Option(names = "--out", paramLabel = "FILE.html", description = "For several runs: the page to write (default: report.html).")
    Path out;

    @Mixin
    RunsDirOption runsDir;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        List<Path> folders = runs.stream().map(r -> RunsCommand.folder(r, runsDir.path)).toList();
        Path page;
        if (folders.size() == 1 && out == null) {
            RunReport.write(folders.get(0));
            page = folders.get(0).resolve(RunFolder.REPORT);
        } else {
            page = out != null ? out : Path.of(RunFolder.REPORT);
            RunReport.compare(folders, page);
        }
        spec.commandLine().getOut().println(page);
        return ExitCodes.DONE;
    }
}
