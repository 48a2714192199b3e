#!/usr/bin/env bash
# Re-measures what README.md's "Configs shipped" table claims of each shipped config: trains it as a user
# would (./dlx train --config configs/NAME.yaml) and prints the claim next to the test score and time measured.
#   bench/accuracy.sh                  every config in the table (the CNN and the LSTM take 20-25 minutes each)
#   bench/accuracy.sh quickstart xor   only these
#   bench/accuracy.sh --set model.kernels=stock quickstart   each --set is passed to every run (DL4J's own layers)
# Prints a Markdown table, dated, to paste into README.md and docs/model.md. A score that moved by more than
# 0.005 from its claim is marked "moved" and the script exits 1, so a change that shifts a result is seen.
# "to val 0.85" is the time to accuracy a user feels: the training and validation seconds (metrics.csv) up to the
# first epoch whose validation accuracy reached 0.85 (TARGET=0.9 bench/accuracy.sh … for another target).
set -euo pipefail
cd "$(dirname "$0")/.."
./dlx --help > /dev/null   # builds the jar if needed
RUNS="$(mktemp -d)"
trap 'rm -rf "$RUNS"' EXIT

TARGET="${TARGET:-0.85}"
overrides=()
while [[ $# -gt 1 && "$1" == "--set" ]]; do
  overrides+=(--set "$2")
  shift 2
done
if [[ $# -gt 0 ]]; then
  configs=("$@")
else
  mapfile -t configs < <(sed -n 's/^| `configs\/\([a-z0-9-]*\)\.yaml` |.*/\1/p' README.md)
fi

echo "Measured $(date -u +%Y-%m-%d) with bench/accuracy.sh on $(nproc) cores ($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)):"
echo
[[ ${#overrides[@]} -gt 0 ]] && echo "Each run with ${overrides[*]}." && echo
echo "| config | README claims | test score | status, epochs (best) | to val $TARGET | time |"
echo "|---|---|---|---|---|---|"
moved=0
for name in "${configs[@]}"; do
  config="configs/$name.yaml"
  [[ -f "$config" ]] || { echo "bench/accuracy.sh: no $config" >&2; exit 2; }
  # the claim is the first score in the config's row of README.md: 0.877, or 100% (as 1.000)
  claim="$(grep -F "| \`$config\` |" README.md | grep -oE '\b[01]\.[0-9]{3,4}\b|100%' | head -1 || true)"
  [[ "$claim" == "100%" ]] && claim="1.000"
  start=$(date +%s)
  if ! ./dlx train --config "$config" ${overrides[@]+"${overrides[@]}"} --runs-dir "$RUNS/$name" --json > "$RUNS/$name.json" 2> "$RUNS/$name.log"; then
    tail -3 "$RUNS/$name.log" >&2
  fi
  seconds=$(( $(date +%s) - start ))
  python3 - "$RUNS/$name.json" "$name" "${claim:--}" "$seconds" "$TARGET" <<'PY' || moved=1
import csv, json, os, sys
path, name, claim, seconds, target = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), float(sys.argv[5])
minutes = lambda s: f"{int(s) // 60}m{int(s) % 60:02d}s"
try:
    result = json.load(open(path))
except ValueError:
    print(f"| `{name}` | {claim} | failed | - | - | {minutes(seconds)} |")
    sys.exit(1)
reached, elapsed = "not reached", 0.0
for row in csv.DictReader(open(os.path.join(result["run"], "metrics.csv"))):
    elapsed += float(row["seconds"])
    if row.get("val_accuracy") and float(row["val_accuracy"]) >= target:
        reached = f"{minutes(elapsed)} (epoch {row['epoch']})"
        break
summary = result["summary"]
test = summary.get("test") or {}
if "accuracy" in test:
    score, shown = test["accuracy"], f"accuracy {test['accuracy']:.4f}"
elif "rmse" in test:
    score, shown = None, f"rmse {test['rmse']:.4f}, r² {test['r2']:.4f}"
else:
    score, shown = None, "none"
best = summary.get("best_epoch")
status = f"{summary['status']}, {summary['epochs_completed']} ({best})"
mark = ""
if claim != "-" and score is not None and abs(score - float(claim)) > 0.005:
    mark = " **moved**"
print(f"| `{name}` | {claim} | {shown}{mark} | {status} | {reached} | {minutes(seconds)} |")
sys.exit(1 if mark else 0)
PY
done
exit "$moved"
