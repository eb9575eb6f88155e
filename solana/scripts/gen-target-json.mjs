#!/usr/bin/env node
// Writes the SBF target spec derived from the installed rustc's own `bpfel-unknown-none` spec (the JSON format
// changes between rustc versions, so it is generated, never committed). Changes from upstream:
//   obj-is-bitcode=false  emit real BPF objects for tools/sbf-link.mjs (no bpf-linker here)
//   cpu=v2                no ALU32/JMP32: SBPF v0 has no JMP32 class
//   os=solana             pinocchio/solana-* crates take their on-chain syscall paths (without it sysvars fail
//                         silently at run time with UnsupportedSysvar)
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const rustc = process.env.RUSTC || "/usr/bin/rustc";
const out = process.argv[2] || "target/bpfel-sol.json";
const spec = JSON.parse(
  execFileSync(rustc, ["-Z", "unstable-options", "--print", "target-spec-json", "--target", "bpfel-unknown-none"], {
    env: { ...process.env, RUSTC_BOOTSTRAP: "1" },
  }).toString(),
);
spec["obj-is-bitcode"] = false;
spec.cpu = "v2";
spec.os = "solana";
delete spec.metadata;
const text = `${JSON.stringify(spec, null, 2)}\n`;
fs.mkdirSync(path.dirname(out), { recursive: true });
if (!fs.existsSync(out) || fs.readFileSync(out, "utf8") !== text) fs.writeFileSync(out, text);
