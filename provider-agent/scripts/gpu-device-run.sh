#!/usr/bin/env bash
# Runs the GPU check on a GPU machine from provider-agent/.devicepack (see gpu-pack.sh). Writes into ${OUT:-.}:
# nvidia-smi.csv, gpu-check.json, gpu-check.log.
set -uo pipefail
cd "$(dirname "$0")/../.."
OUT=${OUT:-$PWD}
P=provider-agent/.devicepack
unxz() { python3 -c 'import lzma, shutil, sys; shutil.copyfileobj(lzma.open(sys.argv[1]), open(sys.argv[2], "wb"))' "$1" "$2"; }
nvidia-smi --query-gpu=name,memory.total,compute_cap,driver_version --format=csv,noheader,nounits | tee "$OUT/nvidia-smi.csv"
python3 -c 'import torch, sys; print("python", sys.version.split()[0], "torch", torch.__version__, "cuda", torch.version.cuda, torch.cuda.is_available())'
unxz "$P/node.xz" /tmp/node && chmod +x /tmp/node
unxz "$P/libonnxruntime.so.1.xz" "$P/node_modules/onnxruntime-node/bin/napi-v6/linux/x64/libonnxruntime.so.1"
/tmp/node --version
# The native prover on this machine's cores: one process with all threads, then one single-threaded process per core.
if [ -x "$P/stun-prover" ] && [ "${STUN_GPU_CHECK_PROVER:-1}" = 1 ]; then
  N=200; python3 -c 'import sys; sys.stdout.buffer.write(open(sys.argv[1], "rb").read() * int(sys.argv[2]))' "$P/frame.bin" $N >/tmp/frames.bin
  t0=$(date +%s.%N); n=$("$P/stun-prover" "$P/result_commitment.zkey" </tmp/frames.bin | grep -c pi_a); t1=$(date +%s.%N)
  echo "prover: $n proofs, 1 process x $(nproc) threads: $(python3 -c "print(round($n/($t1-$t0),1))") proofs/s" | tee -a "$OUT/prover.txt"
  t0=$(date +%s.%N)
  for i in $(seq "$(nproc)"); do RAYON_NUM_THREADS=1 "$P/stun-prover" "$P/result_commitment.zkey" </tmp/frames.bin | grep -c pi_a >"/tmp/prover.$i" & done; wait
  t1=$(date +%s.%N); n=$(cat /tmp/prover.* | paste -sd+ | bc 2>/dev/null || python3 -c "import glob; print(sum(int(open(f).read()) for f in glob.glob('/tmp/prover.*')))")
  echo "prover: $n proofs, $(nproc) processes x 1 thread: $(python3 -c "print(round($n/($t1-$t0),1))") proofs/s" | tee -a "$OUT/prover.txt"
fi
/tmp/node "$P/gpu-check.mjs" --out "$OUT/gpu-check.json" "$@" 2>&1 | tee "$OUT/gpu-check.log"
