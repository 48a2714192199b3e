#!/usr/bin/env bash
# Trials per hour of one small sweep (4 learning rates, 2 epochs each) for the MLP and the CNN, three ways:
# one trial at a time with one thread, one at a time with two threads, and two at a time with one thread each.
# This is what `dlx sweep --parallel auto` (the default) is chosen by.
#   bench/sweep.sh            (run it on a quiet machine; about 5 minutes on 2 cores)
#   bench/sweep.sh slurm [N]  the MLP sweep through a one-node Slurm cluster on this machine (scripts/slurm-local.sh,
#                             started and stopped here) against --parallel 2 without it, alternating, N rounds (3):
#                             what the scheduler costs. Needs slurm-wlm and munge.
# Prints a table; copy it into BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
./dlx --help > /dev/null   # builds the jar if needed
RUNS="$(mktemp -d)"
trap 'rm -rf "$RUNS"' EXIT

# rate CONSOLE: the trials/hour a sweep printed as it ended
rate() { sed -n 's/.* \([0-9]*\) trials\/hour$/\1/p' "$1"; }

if [[ "${1:-}" == slurm ]]; then
  export DLX_SLURM_DIR="$RUNS/slurm"
  mkdir -p "$DLX_SLURM_DIR" && chmod 755 "$RUNS" "$DLX_SLURM_DIR"
  eval "$(scripts/slurm-local.sh start)"
  trap 'scripts/slurm-local.sh stop > /dev/null 2>&1; rm -rf "$RUNS"' EXIT
  # handover: seconds from a trial's end (run.json) to the start of the trial that took its slot, averaged: the
  # next JVM's start-up, plus, through Slurm, the scheduler noticing the end and starting the next array task
  handover() {
    python3 - "$1" << 'PY'
import glob, json, sys
from datetime import datetime
def t(s): return datetime.fromisoformat(s.replace("Z", "+00:00")).timestamp()
runs = [json.load(open(f)) for f in glob.glob(sys.argv[1] + "/*/trials/*/run.json")]
starts = sorted(t(r["started"]) for r in runs)
ends = sorted(t(r["ended"]) for r in runs)
gaps = [starts[k + 2] - ends[k] for k in range(len(runs) - 2)]
print(f"{sum(gaps) / len(gaps):.1f}" if gaps else "-")
PY
  }
  echo "| round | launcher | trials/hour | handover s | load average before (1 min) |"
  echo "|---|---|---|---|---|"
  for round in $(seq "${2:-3}"); do
    for launcher in local slurm; do
      load="$(cut -d' ' -f1 /proc/loadavg)"
      ./dlx sweep --config bench/mlp.yaml --param 'optimizer.lr=[0.0005,0.001,0.002,0.004]' --strategy grid \
        --parallel 2 --set training.epochs=2 --launcher "$launcher" --runs-dir "$RUNS/$launcher-$round" \
        > /dev/null 2> "$RUNS/console" || true
      r="$(rate "$RUNS/console")"
      [[ -n "$r" ]] || tail -3 "$RUNS/console" >&2
      echo "| $round | $launcher | ${r:-failed} | $(handover "$RUNS/$launcher-$round") | $load |"
    done
  done
  # the scheduler alone: 20 array tasks that do nothing, 2 at a time, from sbatch to the last one's end
  start=$(date +%s.%N)
  job=$(sbatch --parsable --array=0-19%2 --output=/dev/null --wrap=true)
  while squeue --noheader --jobs="$job" 2> /dev/null | grep -q .; do sleep 0.1; done
  echo
  echo "Slurm alone: 20 empty array tasks, 2 at a time, in $(printf %.1f "$(echo "$(date +%s.%N) - $start" | bc)") s"
  exit 0
fi

# model, then the --set overrides that make one trial take seconds, not minutes
declare -A SETS=(
  [mlp]="training.epochs=2"
  [cnn]="training.epochs=2 data.train_limit=6000"
)

echo "| model | trials at once | threads per trial | trials/hour |"
echo "|---|---|---|---|"
for model in mlp cnn; do
  sets=()
  for s in ${SETS[$model]}; do sets+=(--set "$s"); done
  for setting in "1 1" "1 2" "2 1"; do
    read -r parallel threads <<< "$setting"
    OMP_NUM_THREADS="$threads" ./dlx sweep --config "bench/$model.yaml" --param 'optimizer.lr=[0.0005,0.001,0.002,0.004]' \
      --strategy grid --parallel "$parallel" "${sets[@]}" --runs-dir "$RUNS/$model-$parallel-$threads" \
      > /dev/null 2> "$RUNS/console"
    r="$(rate "$RUNS/console")"
    [[ -n "$r" ]] || tail -3 "$RUNS/console" >&2
    echo "| $model | $parallel | $threads | ${r:-failed} |"
  done
done
