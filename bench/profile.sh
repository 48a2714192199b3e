#!/usr/bin/env bash
# Where a training step's time goes: JFR samples of `./dlx train` inside the training step (dlx's KernelStep.fit,
# or DL4J's MultiLayerNetwork.fit), Java and native frames, sorted into the parts of a step by the frames on
# their stacks.
#   bench/profile.sh [CONFIG] [EPOCHS]     (default bench/mlp.yaml, 4; run it on a quiet machine)
#   KEEP_PROFILE=1 bench/profile.sh …      keeps the recording and prints where it is
set -euo pipefail
cd "$(dirname "$0")/.."
CONFIG="${1:-bench/mlp.yaml}"
EPOCHS="${2:-4}"
./dlx --help > /dev/null   # builds the jar if needed
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
[[ -n "${KEEP_PROFILE:-}" ]] && trap - EXIT && echo "profile: $WORK" >&2
# JFR's profile settings sample Java frames every 10 ms but native ones (BLAS) every 20 ms, which would halve
# the multiplies' share: sample both every 10 ms.
JAVA_HOME_DIR="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
sed 's/<setting name="period" control="method-sampling-native-interval">20 ms/<setting name="period" control="method-sampling-native-interval">10 ms/' \
  "$JAVA_HOME_DIR/lib/jfr/profile.jfc" > "$WORK/sampling.jfc"
grep -q 'native-interval">10 ms' "$WORK/sampling.jfc" || { echo "profile: JFR's profile.jfc has changed; see bench/profile.sh" >&2; exit 1; }
DLX_JAVA_OPTS="-Xmx2g -XX:+UseSerialGC -Xmn48m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=20 -Dorg.bytedeco.javacpp.maxbytes=6G \
-XX:StartFlightRecording=filename=$WORK/run.jfr,settings=$WORK/sampling.jfc,dumponexit=true" \
  ./dlx train --config "$CONFIG" --set training.epochs="$EPOCHS" --runs-dir "$WORK/runs" > /dev/null 2>&1
jfr print --json --stack-depth 256 --events jdk.NativeMethodSample,jdk.ExecutionSample "$WORK/run.jfr" > "$WORK/samples.json"
python3 - "$WORK/samples.json" <<'PY'
import json, sys

# A sample belongs to the innermost frame that matches a rule: an allocation inside a multiply counts as
# allocation, a multiply inside the evaluation pass as a multiply.
PARTS = [
    ("matrix multiplies", ["Mmul", ".mmul", "mmuli", "gemm"]),
    ("convolutions (oneDNN)", ["ConvolutionLayer", "ConvHelper"]),
    ("pooling", ["SubsamplingLayer", "SubsamplingHelper"]),
    ("batch norm", ["BatchNormalization"]),
    ("dropout", ["Dropout"]),
    ("the Adam update (FusedAdam)", ["dlx.optim.updater.FusedAdam"]),
    ("the updater's other work", ["BaseMultiLayerUpdater", "UpdaterBlock"]),
    ("loss and score", ["LossMCXENT", "LossMSE", "computeScore", "LossUtil"]),
    ("dlx kernels' element-wise loops (bias, activations, LSTM gates, softmax and loss)",
     ["Pointwise.biasActivate", "Pointwise.activationGradient", "Pointwise.reluGradient", "Pointwise.softmax",
      "Pointwise.columnSums", "dlx.model.kernel.LstmCells"]),
    ("dlx kernels' reorders (sequence layouts)", ["LstmKernel.toPlanes", "LstmKernel.weightsAndBias",
                                                  "LstmKernel.forward", "LstmKernel.backprop"]),
    ("activations and their gradients", ["Activation", "relu", "softmax"]),
    ("gathering the batch", ["dlx.data.Batches"]),
    ("allocating and freeing arrays", ["Nd4j.create", "createUninitialized", "DataBuffer", "Pointer.deallocator",
                                       "physicalBytes", "Pointer.<init>", "allocate"]),
    ("workspaces", ["Workspace"]),
    ("listeners called inside fit", ["dlx.train."]),
]

events = json.load(open(sys.argv[1]))["recording"]["events"]
counts, total = {}, 0
for event in events:
    frames = [(f["method"]["type"]["name"] + "." + f["method"]["name"]).replace("/", ".")
              for f in event["values"]["stackTrace"]["frames"]]
    fit = next((i for i, frame in enumerate(frames) if "MultiLayerNetwork.fit" in frame or "KernelStep.fit" in frame), None)
    if fit is None:
        continue  # start-up, data loading, the evaluation pass, JIT and GC threads
    frames = frames[:fit]  # what fit calls, not the trainer around it
    total += 1
    part = next((name for frame in frames for name, keys in PARTS if any(k in frame for k in keys)),
                "other (small ops, bookkeeping)")
    counts[part] = counts.get(part, 0) + 1
print(f"| part of the step | share of {total} samples |")
print("|---|---|")
for part, n in sorted(counts.items(), key=lambda item: -item[1]):
    print(f"| {part} | {100 * n / total:.0f}% |")
PY
