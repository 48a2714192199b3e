#!/usr/bin/env bash
# A learning-rate sweep as a plain shell loop: one run per rate, then the runs side by side.
#   scripts/sweep-lr.sh CONFIG [RATE…]        e.g. scripts/sweep-lr.sh configs/quickstart.yaml 0.1 0.01 0.001
#   RUNS_DIR=runs/lr-sweep scripts/sweep-lr.sh …   keeps the sweep's runs apart
# A failed run (exit 1, e.g. diverged at a high rate) does not stop the loop; a bad config (exit 2) does.
set -uo pipefail
DLX="${DLX:-$(dirname "$0")/../dlx}"
CONFIG="${1:?usage: sweep-lr.sh CONFIG [RATE…]}"
shift
RATES=("${@:-0.1 0.03 0.01 0.003 0.001}")
RUNS_DIR="${RUNS_DIR:-runs}"

for lr in ${RATES[@]}; do
  $DLX train --config "$CONFIG" --set optimizer.lr="$lr" --name "lr-$lr" --runs-dir "$RUNS_DIR"
  code=$?
  if [[ $code -eq 2 ]]; then exit 2; fi
done
$DLX runs list --runs-dir "$RUNS_DIR" --sort val_accuracy
