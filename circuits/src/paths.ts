/** Filesystem layout of the circuits workspace (absolute paths, independent of process.cwd()). */
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

import type { CurveName } from "./fields.js";

export const CIRCUITS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const REPO_ROOT = resolve(CIRCUITS_DIR, "..");
export const BUILD_DIR = join(CIRCUITS_DIR, "build");
export const KEYS_DIR = join(CIRCUITS_DIR, "keys");
export const PTAU_DIR = join(CIRCUITS_DIR, "ptau");
export const VECTORS_DIR = join(CIRCUITS_DIR, "vectors");
export const MODEL_JSON = join(CIRCUITS_DIR, "model", "reference_model.json");
export const MODEL_CIRCOM = join(CIRCUITS_DIR, "lib", "reference_model.circom");
export const MANIFEST = join(KEYS_DIR, "manifest.json");
export const EVM_ZK_DIR = join(REPO_ROOT, "evm", "contracts", "zk");

export type CircuitName = "result_commitment" | "verifiable_inference";

/** Build products of one circuit on one curve. */
export function artifactPaths(circuit: CircuitName, curve: CurveName) {
  const dir = join(BUILD_DIR, curve);
  return {
    dir,
    source: join(CIRCUITS_DIR, `${circuit}.circom`),
    r1cs: join(dir, `${circuit}.r1cs`),
    sym: join(dir, `${circuit}.sym`),
    wasm: join(dir, `${circuit}_js`, `${circuit}.wasm`),
    zkey: join(dir, `${circuit}.zkey`),
    stamp: join(dir, `${circuit}.stamp.json`),
    vkey: join(KEYS_DIR, `${circuit}.${curve}.vkey.json`),
  };
}
