#!/usr/bin/env bash
# Builds a minimal Rust sysroot (core + alloc + an empty compiler_builtins stub) for target/bpfel-sol.json with
# rustc directly, from the Debian rust-web-src sources. Every rlib holds LLVM bitcode only (-C linker-plugin-lto):
# code generation happens once, in the program's fat-LTO step, after dead code (e.g. the atomics in core::fmt that
# BPF cpu v2 cannot select) is gone.   usage: scripts/build-sysroot.sh OUT_DIR
set -euo pipefail
cd "$(dirname "$0")/.."
RUSTC=${RUSTC:-/usr/bin/rustc}
export RUSTC_BOOTSTRAP=1
OUT=$1
SRC=$("$RUSTC" --print sysroot)/lib/rustlib/src/rust/library
[ -d "$SRC/core" ] || { echo "build-sysroot: $SRC/core missing: apt-get install rust-web-src" >&2; exit 1; }
TARGET_JSON=$PWD/target/bpfel-sol.json
LIB=$OUT/lib/rustlib/bpfel-sol/lib
TMP=$OUT.tmp; rm -rf "$TMP"; mkdir -p "$TMP"
ed() { sed -n 's/^edition *= *"\(.*\)"/\1/p' "$SRC/$1/Cargo.toml"; }
COMMON=(--target "$TARGET_JSON" -Zunstable-options -O -C panic=abort -C codegen-units=1
        -C llvm-args=-bpf-stack-size=4096 -Zforce-unstable-if-unmarked --cap-lints allow
        -C linker-plugin-lto -L "$TMP" --out-dir "$TMP")
"$RUSTC" "${COMMON[@]}" --crate-type rlib --crate-name core --edition "$(ed core)" "$SRC/core/src/lib.rs"
"$RUSTC" "${COMMON[@]}" --crate-type rlib --crate-name compiler_builtins --edition 2021 tools/cb_stub.rs \
  --extern core="$TMP/libcore.rlib"
"$RUSTC" "${COMMON[@]}" --crate-type rlib --crate-name alloc --edition "$(ed alloc)" "$SRC/alloc/src/lib.rs" \
  --extern core="$TMP/libcore.rlib" --extern compiler_builtins="$TMP/libcompiler_builtins.rlib"
mkdir -p "$(dirname "$LIB")"; rm -rf "$LIB"; mv "$TMP" "$LIB"
