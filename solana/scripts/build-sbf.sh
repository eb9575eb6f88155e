#!/usr/bin/env bash
# Offline SBF build: Debian rustc-web + rust-web-src (no platform-tools), a bpfel target spec with os=solana, a
# prebuilt bitcode sysroot, cargo (crates from crates.io, Cargo.lock pinned), fat LTO to ONE eBPF object, then
# tools/sbf-link.mjs to an SBPF v0 ELF in target/deploy/. Idempotent: skips work whose inputs did not change.
# With Solana platform-tools installed, `cargo build-sbf` builds the same sources (crate-type cdylib).
set -euo pipefail
cd "$(dirname "$0")/.."
export RUSTC=${RUSTC:-/usr/bin/rustc}
CARGO=${CARGO:-$(command -v cargo-1.96 || command -v /usr/bin/cargo || command -v cargo || true)}
[ -n "$CARGO" ] || { echo "build-sbf: cargo not found (apt-get install cargo-web, or rustup)" >&2; exit 1; }
export RUSTC_BOOTSTRAP=1
[ -x "$RUSTC" ] || { echo "build-sbf: $RUSTC not found: run scripts/setup.sh (apt-get install rustc-web rust-web-src)" >&2; exit 1; }
VER=$("$RUSTC" -vV | sed -n 's/^release: //p')
node scripts/gen-target-json.mjs target/bpfel-sol.json
SYSROOT=$PWD/target/sysroot-$VER
if [ ! -f "$SYSROOT/lib/rustlib/bpfel-sol/lib/liballoc.rlib" ]; then
  echo "build-sbf: building sysroot for rustc $VER (once, ~40 s)" >&2
  bash scripts/build-sysroot.sh "$SYSROOT"
fi
mkdir -p target/deploy
# crates come from crates.io at the versions in Cargo.lock; with no network, the local cargo cache must have them
OFFLINE=()
"$CARGO" fetch --locked -q 2>/dev/null || { echo "build-sbf: cargo fetch failed, building --offline" >&2; OFFLINE=(--offline); }
for prog in stun; do
  export RUSTFLAGS="--sysroot $SYSROOT -C llvm-args=-bpf-stack-size=4096 -Zunstable-options"
  "$CARGO" rustc --quiet --locked "${OFFLINE[@]}" --release -p "$prog" --target "$PWD/target/bpfel-sol.json" -Zjson-target-spec \
    --crate-type staticlib --target-dir target/sbf
  lib=target/sbf/bpfel-sol/release/lib$prog.a
  out=target/deploy/$prog.so
  if [ ! -f "$out" ] || [ "$lib" -nt "$out" ] || [ tools/sbf-link.mjs -nt "$out" ]; then
    work=target/obj/$prog; rm -rf "$work"; mkdir -p "$work"
    (cd "$work" && ar x "../../../$lib")
    objs=("$work"/*.o)
    [ ${#objs[@]} -eq 1 ] || { echo "build-sbf: expected one LTO object in $lib, got ${#objs[@]}" >&2; exit 1; }
    node tools/sbf-link.mjs "${objs[0]}" "$out"
  fi
done
