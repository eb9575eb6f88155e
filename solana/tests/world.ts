/** Scenario helpers on top of the harness: staked providers, tasks, results with real proofs. */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

import {
  BN, DEFAULT_PARAMS, Env, Keypair, PublicKey, ROOT, SLOT_HASHES, STUN, configPda, expectErr, expectOk, mintPda, modelPda, providerPda, taskPda,
  vaultPda, type TxResult,
} from "./harness.js";

export const proofs = JSON.parse(fs.readFileSync(path.join(ROOT, "tests/fixtures/proofs.json"), "utf8")) as Record<string, { resultHash: string; proof: string }>;

/** The deterministic provider keys the proof fixtures are bound to (scripts/gen-proof-fixtures.ts). */
export const providerKeypair = (i: number) => Keypair.fromSeed(createHash("sha256").update(`stun-solana-test-provider-${i}`).digest());

/** The circuit's provider input for a Solana key: the low 160 bits of sha256(pubkey) (same as the program). */
export const providerField = (pk: PublicKey) => BigInt(`0x${createHash("sha256").update(pk.toBuffer()).digest().subarray(12).toString("hex")}`);

export const SPECS = { gpuMemory: 80, computeCapability: 90, gpuCount: 8, region: 1 };
export const REQ = { gpuMemory: 24, computeCapability: 80, gpuCount: 1, region: 0, privacy: 0 };
export const REWARD = 10n * 1_000_000_000n;
export const STAKE = 200n * STUN;

export interface World {
  env: Env;
  requester: Keypair;
  providers: Keypair[];
  tokenAccounts: PublicKey[];
}

export async function world(opts: { params?: Partial<typeof DEFAULT_PARAMS>; stake?: bigint } = {}): Promise<World> {
  const env = await Env.create({ params: opts.params });
  const requester = env.newFunded(1000n);
  const providers = [0, 1, 2].map(providerKeypair);
  const tokenAccounts: PublicKey[] = [];
  for (const p of providers) {
    env.fund(p.publicKey, 10n);
    expectOk(await env.call("registerProvider", [SPECS], { authority: p.publicKey }, [p]));
    const ta = Keypair.generate().publicKey;
    env.setTokenAccount(ta, mintPda(), p.publicKey, 1000n * STUN);
    tokenAccounts.push(ta);
    if ((opts.stake ?? STAKE) > 0n) expectOk(await stake(env, p, ta, opts.stake ?? STAKE));
  }
  return { env, requester, providers, tokenAccounts };
}

export const stake = (env: Env, p: Keypair, source: PublicKey, amount: bigint) =>
  env.call("stake", [new BN(amount.toString())], { authority: p.publicKey, source, stakeVault: vaultPda() }, [p]);

export async function nextTaskId(env: Env): Promise<bigint> {
  const c = await env.fetch<{ taskCount: { toString(): string } }>("config", configPda());
  return BigInt(c.taskCount.toString()) + 1n;
}

export async function submitTask(
  w: World,
  o: { reward?: bigint; redundancy?: number; deadlineIn?: number; modelId?: Buffer; taskId?: bigint; requester?: Keypair } = {},
): Promise<{ id: bigint; r: TxResult }> {
  const id = o.taskId ?? (await nextTaskId(w.env));
  const req = o.requester ?? w.requester;
  const r = await w.env.call(
    "submitTask",
    [new BN(id.toString()), [...createHash("sha256").update(`task-${id}`).digest()], [...(o.modelId ?? Buffer.alloc(32))], new BN((o.reward ?? REWARD).toString()),
      new BN((w.env.now() + BigInt(o.deadlineIn ?? 7200)).toString()), o.redundancy ?? 1, REQ],
    { requester: req.publicKey },
    [req],
  );
  return { id, r };
}

export const assign = (w: World, id: bigint, idx: number[], signer?: Keypair) =>
  w.env.call("assignTask", [new BN(id.toString())], { matcher: (signer ?? w.env.matcher).publicKey }, [signer ?? w.env.matcher],
    idx.map((i) => ({ pubkey: providerPda(providerAt(w, i).publicKey), isWritable: false })));

/** reassign_provider: the matcher (or `signer`) replaces lane `noShow` with `replacement` (test provider indexes,
 *  or any account address). */
export const reassign = (w: World, id: bigint, noShow: number | PublicKey, replacement: number | PublicKey, signer?: Keypair) => {
  const acc = (p: number | PublicKey) => (typeof p === "number" ? providerPda(providerAt(w, p).publicKey) : p);
  const m = signer ?? w.env.matcher;
  return w.env.call("reassignProvider", [new BN(id.toString())], { matcher: m.publicKey, noShow: acc(noShow), replacement: acc(replacement) }, [m]);
};

/** The i-th test provider; throws on an index the world does not have. */
export function providerAt(w: World, i: number): Keypair {
  const p = w.providers[i];
  if (!p) throw new RangeError(`no provider #${i}`);
  return p;
}

export function proofFor(p: number, task: bigint, result: 1 | 2) {
  const f = proofs[`${p}:${task}:${result}`];
  assert.ok(f, `no proof fixture for provider ${p}, task ${task}, result ${result}`);
  return { resultHash: [...Buffer.from(f.resultHash, "hex")], proof: [...Buffer.from(f.proof, "hex")] };
}

export async function submitResult(w: World, id: bigint, p: number, result: 1 | 2, override?: { resultHash?: number[]; proof?: number[] }) {
  const f = { ...proofFor(p, id, result), ...override };
  return w.env.call("submitResult", [new BN(id.toString()), f.resultHash, f.proof], { authority: providerAt(w, p).publicKey }, [providerAt(w, p)]);
}

export const providerMetas = (w: World, idx: number[], writable = true) =>
  idx.map((i) => ({ pubkey: providerPda(providerAt(w, i).publicKey), isWritable: writable }));

export const finalize = (w: World, id: bigint, idx: number[], modelId = Buffer.alloc(32)) =>
  w.env.call("finalizeTask", [new BN(id.toString())], { model: modelPda(modelId) }, [], providerMetas(w, idx));

export async function fetchTask(env: Env, id: bigint) {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return env.fetch<any>("task", taskPda(id));
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const fetchProvider = (env: Env, p: Keypair) => env.fetch<any>("provider", providerPda(p.publicKey));

/** Makes the next audit draw for `id` come out as `audited`. */
export function drawAudit(env: Env, id: bigint, audited: boolean, rateBps = DEFAULT_PARAMS.auditRateBps) {
  env.setSlotHash(env.chooseSlotHash(id, rateBps, audited));
}

export { SLOT_HASHES };

/** Runs `send`, asserts it fails with `name`, and that no watched account's lamports changed. */
export async function failsClean(w: World, name: string, send: () => Promise<TxResult>, extra: PublicKey[] = []) {
  const watched = [w.requester.publicKey, configPda(), ...w.providers.map((p) => providerPda(p.publicKey)), ...w.providers.map((p) => p.publicKey), ...extra];
  for (let i = 1n; i <= 8n; i++) watched.push(taskPda(i));
  const before = watched.map((k) => w.env.balance(k));
  const r = await send();
  expectErr(r, name);
  assert.deepEqual(watched.map((k) => w.env.balance(k)), before, "lamports moved on a failed transaction");
}
