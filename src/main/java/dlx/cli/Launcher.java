package dlx.cli;

/** Where `dlx train` and `dlx sweep` run: here, or as Slurm batch jobs (docs/cluster.md). */
enum Launcher {
    local, slurm
}
