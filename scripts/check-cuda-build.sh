#!/usr/bin/env bash
# The slow check of the CUDA build, kept out of `mvn test` (the first run downloads 2.4 GB):
#   scripts/check-cuda-build.sh
# 1. the cuda profile resolves and packages: target/dlx-cuda.jar with the CUDA backend and not the CPU one, and its
#    two native jars in target/cuda-lib/ on its Class-Path;
# 2. the GPU generations libnd4j's kernels were compiled for (scripts/cuda-archs.py; needs python3);
# 3. dlx doctor runs from the CUDA build;
# 4. with no GPU here: --backend cuda is refused in one line, exit 2, no run folder;
#    with a GPU: one epoch of quickstart trains on it and run.json says cuda.
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=target/dlx-cuda.jar
fail() { echo "check-cuda-build: FAILED: $*" >&2; exit 1; }

echo "== mvn -Pcuda package"
mvn -q -DskipTests -Pcuda ${DLX_MVN_ARGS:-} package
[[ -f "$JAR" ]] || fail "no $JAR"
entries="$(unzip -l "$JAR")"
grep -q "org/nd4j/linalg/jcublas/JCublasBackend.class" <<< "$entries" || fail "$JAR lacks ND4J's CUDA backend"
! grep -q "org/nd4j/linalg/cpu/nativecpu/CpuBackend.class" <<< "$entries" || fail "$JAR holds the CPU backend too"
! grep -q "libopenblas" <<< "$entries" || fail "$JAR holds OpenBLAS"
manifest="$(unzip -p "$JAR" META-INF/MANIFEST.MF | tr -d '\r' | sed -e ':a' -e 'N' -e '$!ba' -e 's/\n //g')"
for native in nd4j-cuda-11.6-linux-x86_64.jar cuda-linux-x86_64-redist.jar; do
  grep -q "cuda-lib/$native" <<< "$manifest" || fail "the manifest's Class-Path lacks cuda-lib/$native"
  [[ -s "target/cuda-lib/$native" ]] || fail "target/cuda-lib/$native is missing"
done
du -sh "$JAR" target/cuda-lib/*.jar

echo "== the GPU code in libnd4jcuda.so"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
unzip -q -o target/cuda-lib/nd4j-cuda-11.6-linux-x86_64.jar 'org/nd4j/linalg/jcublas/bindings/linux-x86_64/libnd4jcuda.so' -d "$WORK"
python3 scripts/cuda-archs.py "$WORK/org/nd4j/linalg/jcublas/bindings/linux-x86_64/libnd4jcuda.so"
rm -rf "$WORK/org"

echo "== dlx doctor from the CUDA build"
code=0
java -jar "$JAR" doctor --runs-dir "$WORK/runs" || code=$?
[[ $code -le 1 ]] || fail "dlx doctor exited with $code"

echo "== dlx train --backend cuda"
printf '%s\n' 'data: {source: synthetic, kind: moons, samples: 256}' \
  'model: {layers: [{type: dense, units: 16}, {type: output, units: 2}]}' 'training: {epochs: 1}' > "$WORK/moons.yaml"
code=0
out="$(java -jar "$JAR" train --backend cuda --config "$WORK/moons.yaml" --runs-dir "$WORK/runs" 2>&1)" || code=$?
if command -v nvidia-smi > /dev/null && nvidia-smi -L > /dev/null 2>&1; then
  echo "$out" | tail -3
  [[ $code -eq 0 ]] || fail "training on the GPU exited with $code"
  grep -q '"backend" : "cuda"' "$WORK"/runs/*/run.json || fail "run.json does not say cuda"
else
  echo "$out"
  [[ $code -eq 2 ]] || fail "expected exit 2 without a GPU, got $code"
  [[ "$(wc -l <<< "$out")" -eq 1 ]] || fail "expected one line"
  [[ ! -e "$WORK/runs" ]] || fail "a run folder was made"
fi
echo "check-cuda-build: ok"
