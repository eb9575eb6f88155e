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
/tmp/node "$P/gpu-check.mjs" --out "$OUT/gpu-check.json" "$@" 2>&1 | tee "$OUT/gpu-check.log"
