/**
 * Deterministic, cached trusted setup for the STUN circuits (DEVELOPMENT KEYS, insecure by construction).
 *
 *   npm run setup -w circuits            build what is missing/stale, then check everything against keys/manifest.json
 *   npm run setup -w circuits -- --update   rewrite the committed outputs and keys/manifest.json (after a circuit change)
 *   ... -- --rebuild-ptau                regenerate the powers of tau from scratch (≈1 min each) instead of using ptau/
 *   ... -- --verify                      also run `snarkjs zkey verify` on every zkey (slow)
 *   ... -- --no-native (or STUN_NO_NATIVE=1)  skip building the native prover sidecar (circuits/native)
 *
 * Pipeline per (circuit, curve): circom2 --O2 compile -> groth16 setup on the committed ptau -> one zkey beacon
 * contribution -> export vkey (+ Solidity / Solana / TON encodings). The powers of tau are "new + beacon + prepare
 * phase2". With no random contribution anywhere, every output is byte-for-byte reproducible, which the manifest
 * check enforces on every run. Anyone can recompute the toxic waste from the public beacon, so these keys must never
 * secure real value: see circuits/README.md for the production ceremony.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, dirname, join, relative } from "node:path";
import * as snarkjs from "snarkjs";

import { CIRCOM_PRIME, type CurveName, SNARKJS_CURVE } from "../src/fields.js";
import { generateReferenceModel, modelToCircom } from "../src/model.js";
import {
  BUILD_DIR,
  CIRCUITS_DIR,
  type CircuitName,
  EVM_ZK_DIR,
  KEYS_DIR,
  MANIFEST,
  MODEL_CIRCOM,
  PTAU_DIR,
  REPO_ROOT,
  artifactPaths,
} from "../src/paths.js";
import { type VerifierSpec, generateVerifier } from "../src/solidity.js";
import { type Groth16VerificationKey, toSolanaRust, toSolanaVerifyingKey, toTonVerifyingKey } from "../src/vkey.js";

/** Public, documented beacon: sha256("STUN development beacon v1"). Iterations: 2^10. */
export const BEACON_HASH = createHash("sha256").update("STUN development beacon v1").digest("hex");
export const BEACON_ITER_EXP = 10;

interface Target {
  circuit: CircuitName;
  curve: CurveName;
  ptauPower: number;
}
export const TARGETS: Target[] = [
  { circuit: "result_commitment", curve: "bn254", ptauPower: 12 },
  { circuit: "verifiable_inference", curve: "bn254", ptauPower: 12 },
  { circuit: "result_commitment", curve: "bls12381", ptauPower: 11 },
];

const require = createRequire(import.meta.url);
/** Directory of an installed package (works even when its "exports" hide package.json). */
function pkgDir(name: string): string {
  let dir = dirname(require.resolve(name));
  while (!existsSync(join(dir, "package.json")) || basename(dir) !== basename(name)) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`cannot locate package ${name}`);
    dir = up;
  }
  return dir;
}
const args = new Set(process.argv.slice(2));
const UPDATE = args.has("--update");
const REBUILD_PTAU = args.has("--rebuild-ptau");
const VERIFY = args.has("--verify");

const sha256 = (file: string): string => createHash("sha256").update(readFileSync(file)).digest("hex");
const rel = (file: string): string => relative(REPO_ROOT, file);
const t0 = Date.now();
const log = (msg: string): void => console.log(`[setup +${((Date.now() - t0) / 1000).toFixed(1)}s] ${msg}`);

function writeIfChanged(file: string, content: string): void {
  mkdirSync(dirname(file), { recursive: true });
  if (existsSync(file) && readFileSync(file, "utf8") === content) return;
  writeFileSync(file, content);
  log(`wrote ${rel(file)}`);
}

export const ptauPath = (curve: CurveName, power: number): string => join(PTAU_DIR, `${curve}_${power}.ptau`);

async function ensurePtau(curve: CurveName, power: number): Promise<void> {
  const out = ptauPath(curve, power);
  if (existsSync(out) && !REBUILD_PTAU) return;
  const dir = join(BUILD_DIR, "ptau");
  mkdirSync(dir, { recursive: true });
  const p0 = join(dir, `${curve}_${power}_0000.ptau`);
  const p1 = join(dir, `${curve}_${power}_beacon.ptau`);
  const p2 = join(dir, `${curve}_${power}_final.ptau`);
  log(`powers of tau ${curve} 2^${power}: new + beacon + prepare phase2 (about a minute)`);
  await snarkjs.powersOfTau.newAccumulator(await curveObject(curve), power, p0);
  await snarkjs.powersOfTau.beacon(p0, p1, "STUN development beacon", BEACON_HASH, BEACON_ITER_EXP);
  await snarkjs.powersOfTau.preparePhase2(p1, p2);
  mkdirSync(PTAU_DIR, { recursive: true });
  copyFileSync(p2, out);
  log(`wrote ${rel(out)}`);
}

async function curveObject(curve: CurveName): Promise<unknown> {
  return (snarkjs as unknown as { curves: { getCurveFromName(n: string): Promise<unknown> } }).curves.getCurveFromName(
    SNARKJS_CURVE[curve],
  );
}

/** Every .circom file the circuits depend on (sources hash into the compile cache key). */
function circuitSources(): string[] {
  const files = [
    ...readdirSync(CIRCUITS_DIR).filter((f) => f.endsWith(".circom")).map((f) => join(CIRCUITS_DIR, f)),
    ...readdirSync(join(CIRCUITS_DIR, "lib")).filter((f) => f.endsWith(".circom")).map((f) => join(CIRCUITS_DIR, "lib", f)),
  ];
  return files.sort();
}

function circomVersion(): string {
  return (JSON.parse(readFileSync(join(pkgDir("circom2"), "package.json"), "utf8")) as { version: string }).version;
}

function sourcesKey(): string {
  const h = createHash("sha256");
  h.update(`circom2@${circomVersion()} --O2\n`);
  for (const f of circuitSources()) h.update(`${relative(CIRCUITS_DIR, f)}\n`).update(readFileSync(f));
  const lib = pkgDir("circomlib");
  for (const f of ["poseidon.circom", "poseidon_constants.circom", "bitify.circom", "comparators.circom"]) {
    h.update(readFileSync(join(lib, "circuits", f)));
  }
  return h.digest("hex");
}

interface Stamp {
  sources: string;
  r1cs?: string;
  ptau?: string;
  zkey?: string;
}
const readStamp = (file: string): Stamp | undefined =>
  existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as Stamp) : undefined;

function compile(t: Target, key: string): boolean {
  const a = artifactPaths(t.circuit, t.curve);
  const stamp = readStamp(a.stamp);
  if (stamp?.sources === key && existsSync(a.r1cs) && existsSync(a.wasm)) return false;
  mkdirSync(a.dir, { recursive: true });
  log(`compile ${t.circuit} (${t.curve})`);
  const cli = join(pkgDir("circom2"), "cli.js");
  // circom2 (WASI) maps every path relative to its cwd and can only open files below the directories it preopens
  // (the parents of its path arguments, not of -l). Running it from "/" with absolute paths makes every file reachable,
  // wherever npm put circomlib (hoisted, nested, or a symlinked node_modules).
  const includeDir = dirname(realpathSync(pkgDir("circomlib")));
  execFileSync(
    process.execPath,
    [cli, a.source, "--r1cs", "--wasm", "--sym", "--O2", "-p", CIRCOM_PRIME[t.curve], "-l", includeDir, "-o", a.dir],
    { cwd: "/", stdio: ["ignore", "ignore", "inherit"] },
  );
  writeFileSync(a.stamp, JSON.stringify({ sources: key }));
  return true;
}

async function setupZkey(t: Target, key: string): Promise<void> {
  const a = artifactPaths(t.circuit, t.curve);
  const ptau = ptauPath(t.curve, t.ptauPower);
  const want: Stamp = { sources: key, r1cs: sha256(a.r1cs), ptau: sha256(ptau) };
  const stamp = readStamp(a.stamp);
  if (
    stamp?.r1cs === want.r1cs &&
    stamp?.ptau === want.ptau &&
    existsSync(a.zkey) &&
    stamp?.zkey === sha256(a.zkey)
  ) {
    return;
  }
  log(`groth16 setup + beacon ${t.circuit} (${t.curve})`);
  const z0 = `${a.zkey}.0000`;
  await snarkjs.zKey.newZKey(a.r1cs, ptau, z0);
  await snarkjs.zKey.beacon(z0, a.zkey, "STUN development beacon (phase 2)", BEACON_HASH, BEACON_ITER_EXP);
  rmSync(z0);
  if (VERIFY && !(await snarkjs.zKey.verifyFromR1cs(a.r1cs, ptau, a.zkey))) {
    throw new Error(`zkey verify failed for ${a.zkey}`);
  }
  writeFileSync(a.stamp, JSON.stringify({ ...want, zkey: sha256(a.zkey) }));
}

const RESULT_PARAMS: VerifierSpec["params"] = [
  { name: "taskId", type: "uint256", doc: "The task id (must be < r)." },
  { name: "resultHash", type: "bytes32", doc: "The Poseidon commitment of the result (must be < r)." },
  { name: "provider", type: "address", doc: "The provider the proof is bound to (the caller passes msg.sender)." },
];

export const VERIFIERS: { circuit: CircuitName; spec: VerifierSpec }[] = [
  {
    circuit: "result_commitment",
    spec: {
      contractName: "ResultVerifier",
      functionName: "verifyResult",
      implementsInterface: "IResultVerifier",
      title: "ResultVerifier",
      notice:
        "Verifies result_commitment.circom proofs: resultHash == Poseidon(HashChain(result[16]), salt), bound to (taskId, provider).",
      params: RESULT_PARAMS,
      vkeyFile: "circuits/keys/result_commitment.bn254.vkey.json",
    },
  },
  {
    circuit: "verifiable_inference",
    spec: {
      contractName: "InferenceVerifier",
      functionName: "verifyInference",
      title: "InferenceVerifier",
      notice:
        "Verifies verifiable_inference.circom proofs: resultHash == Poseidon(inputHash, HashChain(ReLU(W.x + b))) for the reference model, bound to (taskId, provider).",
      params: [
        ...RESULT_PARAMS,
        { name: "inputHash", type: "bytes32", doc: "HashChain of the task's 16 fixed-point inputs (must be < r)." },
      ],
      vkeyFile: "circuits/keys/verifiable_inference.bn254.vkey.json",
    },
  },
];

async function exportKeys(t: Target): Promise<void> {
  const a = artifactPaths(t.circuit, t.curve);
  const vk = (await snarkjs.zKey.exportVerificationKey(a.zkey)) as Groth16VerificationKey;
  writeIfChanged(a.vkey, `${JSON.stringify(vk, null, 2)}\n`);
  if (t.curve === "bn254") {
    const sol = join(KEYS_DIR, `${t.circuit}.bn254.solana.json`);
    writeIfChanged(sol, `${JSON.stringify(toSolanaVerifyingKey(vk))}\n`);
    writeIfChanged(join(KEYS_DIR, `${t.circuit}.bn254.solana.rs`), toSolanaRust(vk, `${t.circuit.toUpperCase()}_VK`));
    for (const v of VERIFIERS.filter((x) => x.circuit === t.circuit)) {
      writeIfChanged(join(EVM_ZK_DIR, `${v.spec.contractName}.sol`), generateVerifier(vk, v.spec));
    }
    if (t.circuit === "result_commitment") {
      // Baseline: the stock snarkjs verifier, only renamed, kept for gas comparison.
      const template = readFileSync(join(pkgDir("snarkjs"), "templates", "verifier_groth16.sol.ejs"), "utf8");
      const src = (await snarkjs.zKey.exportSolidityVerifier(a.zkey, { groth16: template })) as string;
      const header =
        "// GENERATED by circuits/scripts/setup.ts (stock snarkjs 0.7.6 template, contract renamed). Baseline for gas\n" +
        "// comparison only. DEVELOPMENT KEY: insecure, never deploy.\n";
      writeIfChanged(
        join(EVM_ZK_DIR, "SnarkjsResultVerifier.sol"),
        header + src.replace("contract Groth16Verifier", "contract SnarkjsResultVerifier"),
      );
    }
  } else {
    writeIfChanged(join(KEYS_DIR, `${t.circuit}.${t.curve}.ton.json`), `${JSON.stringify(toTonVerifyingKey(vk), null, 2)}\n`);
  }
}

/** Files whose sha256 the manifest pins (paths relative to the repo root). */
function manifestFiles(): string[] {
  const files = new Set<string>();
  for (const t of TARGETS) {
    const a = artifactPaths(t.circuit, t.curve);
    files.add(ptauPath(t.curve, t.ptauPower));
    for (const f of [a.r1cs, a.wasm, a.zkey, a.vkey]) files.add(f);
  }
  for (const f of readdirSync(KEYS_DIR)) if (f !== "manifest.json") files.add(join(KEYS_DIR, f));
  for (const v of VERIFIERS) files.add(join(EVM_ZK_DIR, `${v.spec.contractName}.sol`));
  files.add(join(EVM_ZK_DIR, "SnarkjsResultVerifier.sol"));
  files.add(MODEL_CIRCOM);
  return [...files].sort();
}

export interface Manifest {
  note: string;
  beacon: { hash: string; iterationsExp: number; preimage: string };
  tools: Record<string, string>;
  files: Record<string, string>;
}

function pkgVersion(name: string): string {
  return (JSON.parse(readFileSync(join(pkgDir(name), "package.json"), "utf8")) as { version: string }).version;
}

async function main(): Promise<void> {
  const model = modelToCircom(generateReferenceModel());
  if (readFileSync(MODEL_CIRCOM, "utf8") !== model) {
    throw new Error(`${rel(MODEL_CIRCOM)} is stale: run npx tsx circuits/scripts/gen-model.ts`);
  }
  mkdirSync(KEYS_DIR, { recursive: true });
  const key = sourcesKey();
  for (const t of TARGETS) await ensurePtau(t.curve, t.ptauPower);
  for (const t of TARGETS) compile(t, key);
  for (const t of TARGETS) {
    await setupZkey(t, key);
    await exportKeys(t);
  }

  const manifest: Manifest = {
    note: "DEVELOPMENT KEYS from a deterministic beacon-only setup (circuits/scripts/setup.ts). Insecure: never deploy.",
    beacon: { hash: BEACON_HASH, iterationsExp: BEACON_ITER_EXP, preimage: "sha256(\"STUN development beacon v1\")" },
    tools: { circom2: circomVersion(), snarkjs: pkgVersion("snarkjs"), circomlib: pkgVersion("circomlib") },
    files: Object.fromEntries(manifestFiles().map((f) => [rel(f), sha256(f)])),
  };
  const text = `${JSON.stringify(manifest, null, 2)}\n`;
  if (UPDATE || !existsSync(MANIFEST)) {
    writeIfChanged(MANIFEST, text);
  } else {
    const committed = JSON.parse(readFileSync(MANIFEST, "utf8")) as Manifest;
    const bad = Object.entries(manifest.files).filter(([f, h]) => committed.files[f] !== h).map(([f]) => f);
    const missing = Object.keys(committed.files).filter((f) => !(f in manifest.files));
    if (bad.length > 0 || missing.length > 0) {
      throw new Error(
        `setup output differs from circuits/keys/manifest.json:\n  ${[...bad, ...missing].join("\n  ")}\n` +
          "If a circuit changed on purpose, rerun with -- --update and commit the new keys.",
      );
    }
  }
  log(`done: ${Object.keys(manifest.files).length} files match the manifest`);
  buildNative();
}

/**
 * Builds the optional native prover (cargo, --locked; ~1-2 min the first time, no-op after). Never fatal: without
 * it the Prover falls back to snarkjs.
 */
function buildNative(): void {
  if (args.has("--no-native") || process.env.STUN_NO_NATIVE === "1") return;
  try {
    execFileSync("cargo", ["--version"], { stdio: "ignore" });
  } catch {
    log("cargo not found: skipping the native prover (snarkjs will prove)");
    return;
  }
  try {
    execFileSync("cargo", ["build", "--release", "--locked", "--quiet", "--manifest-path", join(CIRCUITS_DIR, "native", "Cargo.toml")], {
      stdio: ["ignore", "inherit", "inherit"],
    });
    log("native prover ready (circuits/native/target/release/stun-prover)");
  } catch (e) {
    log(`WARNING: native prover build failed, snarkjs will prove: ${(e as Error).message.split("\n")[0]}`);
  }
}

try {
  await main();
} finally {
  const g = globalThis as unknown as Record<string, { terminate(): Promise<void> } | undefined>;
  await g.curve_bn128?.terminate();
  await g.curve_bls12381?.terminate();
}

