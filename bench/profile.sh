#!/usr/bin/env bash
# Where a training step's time goes: JFR samples of `./dlx train` (Java and native frames of the training
# thread), sorted into the parts of a step by the frames on their stacks.
#   bench/profile.sh [CONFIG] [EPOCHS]     (default bench/mlp.yaml, 2; run it on a quiet machine)
set -euo pipefail
cd "$(dirname "$0")/.."
CONFIG="${1:-bench/mlp.yaml}"
EPOCHS="${2:-2}"
./dlx --help > /dev/null   # builds the jar if needed
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
DLX_JAVA_OPTS="-Xmx2g -XX:+UseSerialGC -Xmn48m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=20 -Dorg.bytedeco.javacpp.maxbytes=6G \
-XX:StartFlightRecording=filename=$WORK/run.jfr,settings=profile,dumponexit=true" \
  ./dlx train --config "$CONFIG" --set training.epochs="$EPOCHS" --runs-dir "$WORK/runs" > /dev/null 2>&1
jfr print --json --stack-depth 96 --events jdk.NativeMethodSample,jdk.ExecutionSample "$WORK/run.jfr" > "$WORK/samples.json"
python3 - "$WORK/samples.json" <<'PY'
import json, sys

# The first rule whose frame appears on a sample's stack names its part; order matters (an Adam step
# allocates, a multiply sits inside a layer's backprop).
PARTS = [
    ("evaluation pass (epoch end)", ["dlx.eval.SplitEvaluation"]),
    ("matrix multiplies", ["Mmul", ".mmul", "mmuli", "gemm"]),
    ("the Adam update (FusedAdam)", ["dlx.optim.FusedAdam"]),
    ("the updater's other work", ["BaseMultiLayerUpdater", "UpdaterBlock"]),
    ("loss and score", ["LossMCXENT", "LossMSE", "computeScore", "LossUtil"]),
    ("activations and their gradients", ["Activation", "relu", "softmax"]),
    ("gathering the batch (pullRows)", ["pullRows", "dlx.data.Batches"]),
    ("allocating and freeing arrays", ["Nd4j.create", "createUninitialized", "DataBuffer", "Pointer.deallocator",
                                       "physicalBytes", "Pointer.<init>", "allocate"]),
    ("workspaces", ["Workspace"]),
    ("listeners, metrics, checkpoints", ["dlx.train."]),
]

events = json.load(open(sys.argv[1]))["recording"]["events"]
counts, total = {}, 0
for event in events:
    frames = [f["method"]["type"]["name"] + "." + f["method"]["name"] for f in event["values"]["stackTrace"]["frames"]]
    stack = " ".join(frames)
    if "MultiLayerNetwork.fit" not in stack and "SplitEvaluation" not in stack:
        continue  # start-up, data loading, JIT and GC threads
    total += 1
    part = next((name for name, keys in PARTS if any(k in stack for k in keys)), "other (small ops, bookkeeping)")
    counts[part] = counts.get(part, 0) + 1
print(f"| part of the step | share of {total} samples |")
print("|---|---|")
for part, n in sorted(counts.items(), key=lambda item: -item[1]):
    print(f"| {part} | {100 * n / total:.0f}% |")
PY
