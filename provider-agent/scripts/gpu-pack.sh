#!/usr/bin/env bash
# Packs what scripts/gpu-check.ts needs on a GPU machine that has python3 + torch but no Node and no network
# (the workplace's device machine): Node 22 (xz), a bundle of the check, and onnxruntime-node's Linux x64 CPU
# binding (the baseline EP). Output: provider-agent/.devicepack (git-ignored, ~45 MB); run it there with
# scripts/gpu-device-run.sh. Also the native prover, its zkey and one request frame, to time proofs there.
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH="$PWD/node_modules/.bin:$PATH"
P=provider-agent/.devicepack
ORT=node_modules/onnxruntime-node
rm -rf "$P"
mkdir -p "$P/node_modules/onnxruntime-node/bin/napi-v6/linux/x64"
esbuild provider-agent/scripts/gpu-check.ts --bundle --platform=node --format=esm --target=node22 --log-level=warning \
  --external:onnxruntime-node --outfile="$P/gpu-check.mjs" \
  --banner:js="import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);"
cp -r "$ORT/package.json" "$ORT/dist" "$P/node_modules/onnxruntime-node/"
cp "$ORT/bin/napi-v6/linux/x64/onnxruntime_binding.node" "$P/node_modules/onnxruntime-node/bin/napi-v6/linux/x64/"
cp -r node_modules/onnxruntime-common "$P/node_modules/"
xz -T2 -6 -c "$ORT/bin/napi-v6/linux/x64/libonnxruntime.so.1" >"$P/libonnxruntime.so.1.xz"
xz -T2 -6 -c "$(node -p 'process.execPath')" >"$P/node.xz"
# The native Groth16 prover alone (proofs/s on the GPU machine's cores), when it is built.
if [ -x circuits/native/target/release/stun-prover ]; then
  cp circuits/native/target/release/stun-prover circuits/build/bn254/result_commitment.zkey "$P/"
  tsx circuits/scripts/witness-frame.ts "$P/frame.bin"
fi
du -sh "$P"
