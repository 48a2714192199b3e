#!/usr/bin/env bash
# The MLP's first multiply, [128, 784] x [784, 256], at 1 and 2 threads: through ND4J's mmuli, as a direct
# cblas_sgemm into ND4J's OpenBLAS (bench/Gemm.java), and through PyTorch (Debian's, with OpenBLAS).
#   bench/gemm.sh          (run it on a quiet machine; under a minute)
set -euo pipefail
cd "$(dirname "$0")/.."
./dlx --help > /dev/null   # builds the jar if needed
for threads in 1 2; do
  OMP_NUM_THREADS=1 java -cp target/dlx.jar bench/Gemm.java "$threads" 2> /dev/null
  /usr/bin/python3 - "$threads" <<'PY'
import json, sys, time
import torch
threads = int(sys.argv[1])
torch.set_num_threads(threads)
x, w, out = torch.rand(128, 784), torch.rand(784, 256), torch.empty(128, 256)
best = float("inf")
for _ in range(5):
    start = time.perf_counter()
    for _ in range(2000):
        torch.mm(x, w, out=out)
    best = min(best, (time.perf_counter() - start) / 2000)
print(json.dumps({"way": "torch.mm", "threads": threads, "ms": round(best * 1e3, 3),
                  "gflops": round(2 * 128 * 784 * 256 / best / 1e9, 1)}))
PY
done
