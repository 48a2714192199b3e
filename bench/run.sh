#!/usr/bin/env bash
# Measures dlx against a bare DL4J loop and PyTorch on the same models, back to back:
# steady-state samples/s (epochs after the first), first-epoch seconds, launch to first iteration, peak RSS.
#   bench/run.sh [EPOCHS]     (default 3; run it on a quiet machine)
# Writes bench/results/<timestamp>.jsonl and prints a table; copy the table into BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
EPOCHS="${1:-3}"
MODELS=(mlp cnn lstm)

# The peer: Debian's PyTorch, with OpenBLAS instead of the reference BLAS it links by default (~5 GFLOP/s).
if ! /usr/bin/python3 -c 'import torch' 2>/dev/null || ! dpkg -s libopenblas0-openmp >/dev/null 2>&1; then
  echo "bench: installing python3-torch and libopenblas0-openmp" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-torch libopenblas0-openmp >&2
fi
BLAS="$(readlink -f /usr/lib/x86_64-linux-gnu/libblas.so.3)"
if [[ "$BLAS" != *openblas* ]]; then
  echo "bench: libblas.so.3 is $BLAS, not OpenBLAS: PyTorch would be unfairly slow" >&2
  exit 1
fi

./dlx --help > /dev/null   # builds the jar if needed
mkdir -p bench/results
OUT="bench/results/$(date +%Y%m%d-%H%M%S).jsonl"
RUNS="$(mktemp -d)"
# the launcher's heap and collector (./dlx), so peak RSS compares like with like
BARE_OPTS="-Xmx2g -XX:+UseSerialGC -Xmn48m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=20"
peak_rss_mb() { awk '/Maximum resident set size/ {printf "%d", $6 / 1024}' "$1"; }

for model in "${MODELS[@]}"; do
  config="bench/$model.yaml"
  if ! ./dlx config validate "$config" > /dev/null 2> "$RUNS/why"; then
    echo "{\"tool\": \"dlx\", \"model\": \"$model\", \"skipped\": \"$(tr -d '"\n' < "$RUNS/why")\"}" | tee -a "$OUT"
    continue
  fi
  # dlx, the whole tool
  launch=$(date +%s.%N)
  /usr/bin/time -v -o "$RUNS/time" ./dlx train --config "$config" --set training.epochs="$EPOCHS" \
    --runs-dir "$RUNS/$model" --json > "$RUNS/dlx.json" 2> /dev/null
  run="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["run"])' "$RUNS/dlx.json")"
  python3 - "$run" "$launch" "$(peak_rss_mb "$RUNS/time")" "$model" <<'PY' | tee -a "$OUT"
import csv, datetime, json, sys
run, launch, rss, model = sys.argv[1], float(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
rows = list(csv.DictReader(open(run + "/metrics.csv")))
rate = [float(r["samples_per_s"]) for r in rows]
steady = rate[1:] or rate
first = next(l for l in open(run + "/train.log") if "first iteration done" in l)
first_at = datetime.datetime.strptime(first[:23], "%Y-%m-%d %H:%M:%S.%f").timestamp()
summary = json.load(open(run + "/summary.json"))
print(json.dumps({"tool": "dlx", "model": model, "first_epoch_s": round(54000 / rate[0], 2),
                  "steady_samples_per_s": round(len(steady) / sum(1 / r for r in steady)),
                  "launch_to_first_iteration_s": round(first_at - launch, 2),
                  "test_accuracy": summary["test"]["accuracy"], "peak_rss_mb": rss}))
PY
  # the bare DL4J loop, same network and batches
  /usr/bin/time -v -o "$RUNS/time" env OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}" \
    java $BARE_OPTS -cp target/dlx.jar bench/BareLoop.java "$config" "$EPOCHS" 2> /dev/null > "$RUNS/bare.json"
  python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); r["model"]=sys.argv[3]; r["peak_rss_mb"]=int(sys.argv[2]); print(json.dumps(r))' \
    "$RUNS/bare.json" "$(peak_rss_mb "$RUNS/time")" "$model" | tee -a "$OUT"
  # PyTorch, 2 threads, tensors in memory
  /usr/bin/python3 bench/torch_reference.py "$model" --epochs "$EPOCHS" | tee -a "$OUT"
done
rm -rf "$RUNS"

python3 - "$OUT" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
print("\n| model | tool | steady samples/s | first epoch s | launch→1st iteration s | peak RSS MB | test acc |")
print("|---|---|---|---|---|---|---|")
for r in rows:
    if "skipped" in r:
        print(f"| {r['model']} | {r['tool']} | skipped: {r['skipped']} | | | | |")
        continue
    print(f"| {r['model']} | {r['tool']} | {r['steady_samples_per_s']:,} | {r['first_epoch_s']} | "
          f"{r['launch_to_first_iteration_s']} | {r.get('peak_rss_mb', '')} | {r.get('test_accuracy', '')} |")
by = {(r["model"], r["tool"].split()[0]): r for r in rows if "skipped" not in r}
print()
for model in sorted({m for m, _ in by}):
    d, b, t = by.get((model, "dlx")), by.get((model, "bare")), by.get((model, "pytorch"))
    if d and t:
        print(f"{model}: dlx/pytorch samples/s {d['steady_samples_per_s'] / t['steady_samples_per_s']:.2f}, "
              f"peak RSS dlx/pytorch {d['peak_rss_mb'] / t['peak_rss_mb']:.2f}", end="")
    if d and b:
        print(f", dlx overhead over bare DL4J {100 * (1 - d['steady_samples_per_s'] / b['steady_samples_per_s']):.0f}%", end="")
    print()
PY
