/** The bridge's Solana end and the governance executor, against the shared codec vectors. */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { describe, test } from "node:test";

import web3 from "@solana/web3.js";

import {
  BN, Env, INSTRUCTIONS_SYSVAR, Keypair, PROGRAM_ID, PublicKey, ROOT, STUN, bridgePda, configPda, expectErr, expectOk, mintPda, pda,
  programDataPda, type TxResult,
} from "./harness.js";

interface Vec { name: string; hex: string; ed25519Digest?: string; signatures?: string[]; error?: string; message?: Record<string, unknown> }
const fixture = path.join(ROOT, "tests/fixtures/bridge-message.json");
const upstream = path.join(ROOT, "../bridge/vectors/bridge-message.json");
// the bridge workspace's file when present (a fresh clone has it), else the committed copy
const V = JSON.parse(fs.readFileSync(fs.existsSync(upstream) ? upstream : fixture, "utf8")) as { setVersion: number; validators: { seed: string; publicKey: string }[]; valid: Vec[]; invalid: Vec[] };
const hex = (s: string) => Buffer.from(s.replace(/^0x/, ""), "hex");
const validators = V.validators.map((v) => Keypair.fromSeed(hex(v.seed)));
const HUB_TOKEN = hex(V.valid[0].message!.token as string);
const gov = V.valid.find((v) => v.name === "governance to Solana")!;

export function encode(m: { kind: number; src: number; dst: number; nonce: bigint; token: Buffer; sender: Buffer; recipient: Buffer; amount: bigint; payloadHash: Buffer }) {
  const b = Buffer.alloc(162);
  b[0] = 1;
  b[1] = m.kind;
  b.writeUInt32BE(m.src, 2);
  b.writeUInt32BE(m.dst, 6);
  b.writeBigUInt64BE(m.nonce, 10);
  m.token.copy(b, 18);
  m.sender.copy(b, 50);
  m.recipient.copy(b, 82);
  b.writeBigUInt64BE(m.amount >> 64n, 114);
  b.writeBigUInt64BE(m.amount & ((1n << 64n) - 1n), 122);
  m.payloadHash.copy(b, 130);
  return b;
}
const digest = (setVersion: number, msg: Buffer) => {
  const v = Buffer.alloc(4);
  v.writeUInt32BE(setVersion);
  return createHash("sha256").update("STUN/bridge/v1").update(v).update(msg).digest();
};
const sigIxs = (d: Buffer, signers: Keypair[]) =>
  signers.map((k) => web3.Ed25519Program.createInstructionWithPrivateKey({ privateKey: k.secretKey, message: d }));
const noncePda = (msg: Buffer) => pda("nonce", msg.subarray(2, 6), msg.subarray(10, 18));
const sorted = [...validators].sort((a, b) => Buffer.compare(a.publicKey.toBuffer(), b.publicKey.toBuffer()));

async function setup(threshold = 2, rateLimit = 1000n * STUN) {
  const env = await Env.create();
  const r = await env.call("initBridge", [[...HUB_TOKEN], threshold, sorted.map((k) => [...k.publicKey.toBuffer()]), new BN(rateLimit.toString()), 86400],
    { authority: env.admin.publicKey, programData: programDataPda() }, [env.admin]);
  expectOk(r);
  return env;
}

async function govern(env: Env, msg: Buffer, payload: Buffer, sigs: web3.TransactionInstruction[], accounts: Record<string, PublicKey> = {}): Promise<TxResult> {
  const ix = await env.ix("executeGovernance", [msg, payload], { payer: env.admin.publicKey, nonce: noncePda(msg), ...accounts });
  return env.send([...sigs, ix]);
}

function govMessage(nonce: bigint, payload: string) {
  return encode({ kind: 2, src: 1, dst: 4, nonce, token: Buffer.alloc(32), sender: Buffer.alloc(32), recipient: Buffer.alloc(32), amount: 0n,
    payloadHash: createHash("sha256").update(payload).digest() });
}

describe("bridge vectors and governance", () => {
  test("the test encoder reproduces every valid vector byte for byte (so the burn check below is against the codec)", () => {
    for (const v of V.valid) {
      const m = v.message as Record<string, string | number>;
      const b = encode({ kind: Number(m.kind), src: Number(m.srcChain), dst: Number(m.dstChain), nonce: BigInt(m.nonce), token: hex(String(m.token)),
        sender: hex(String(m.sender)), recipient: hex(String(m.recipient)), amount: BigInt(m.amount), payloadHash: hex(String(m.payloadHash)) });
      assert.equal(`0x${b.toString("hex")}`, v.hex, v.name);
      assert.equal(`0x${digest(V.setVersion, b).toString("hex")}`, v.ed25519Digest, v.name);
    }
  });

  test("the shared governance vector, with its own signatures, sets auditRateBps; replay -> NonceConsumed", async () => {
    const env = await setup();
    const msg = hex(gov.hex);
    assert.deepEqual(digest(V.setVersion, msg), hex(gov.ed25519Digest!));
    const payload = Buffer.from("auditRateBps=2000");
    assert.deepEqual(createHash("sha256").update(payload).digest(), hex(gov.message!.payloadHash as string));
    const sigs = V.validators.map((v, i) =>
      web3.Ed25519Program.createInstructionWithPublicKey({ publicKey: hex(v.publicKey), message: hex(gov.ed25519Digest!), signature: hex(gov.signatures![i]) }));
    const r = await govern(env, msg, payload, sigs);
    expectOk(r);
    assert.equal(r.events[0].name, "ParameterChanged");
    assert.deepEqual({ name: r.events[0].data.name, old: String(r.events[0].data.old), new: String(r.events[0].data.new) }, { name: "auditRateBps", old: "1000", new: "2000" });
    assert.equal((await env.fetch<{ params: { auditRateBps: number } }>("config", configPda())).params.auditRateBps, 2000);
    expectErr(await govern(env, msg, payload, sigs), "NonceConsumed");
  });

  test("every invalid vector fails with the codec error of the same name", async () => {
    const env = await setup();
    for (const v of V.invalid) {
      const msg = hex(v.hex);
      const ix = await env.ix("executeGovernance", [msg, Buffer.from("x")], { payer: env.admin.publicKey, nonce: Keypair.generate().publicKey });
      expectErr(env.send([ix]), v.error!);
    }
  });

  test("quorum, ordering, payload hash, sysvar identity, kind and chain checks", async () => {
    const env = await setup();
    const payload = "challengePeriod=7200";
    const msg = govMessage(7n, payload);
    const d = digest(1, msg);
    expectErr(await govern(env, msg, Buffer.from(payload), sigIxs(d, sorted.slice(0, 1))), "QuorumNotReached");
    expectErr(await govern(env, msg, Buffer.from(payload), sigIxs(d, [sorted[1], sorted[0]])), "SignersNotAscending");
    expectErr(await govern(env, msg, Buffer.from(payload), sigIxs(d, [sorted[0], sorted[0]])), "SignersNotAscending");
    expectErr(await govern(env, msg, Buffer.from(payload), sigIxs(digest(2, msg), sorted)), "QuorumNotReached"); // wrong set version
    const outsider = Keypair.generate();
    expectErr(await govern(env, msg, Buffer.from(payload), sigIxs(d, [sorted[0], outsider].sort((a, b) => Buffer.compare(a.publicKey.toBuffer(), b.publicKey.toBuffer())))), "QuorumNotReached");
    expectErr(await govern(env, msg, Buffer.from("challengePeriod=7201"), sigIxs(d, sorted)), "PayloadHashMismatch");
    expectErr(await govern(env, msg, Buffer.from(payload), sigIxs(d, sorted), { instructionsSysvar: web3.SYSVAR_CLOCK_PUBKEY }), "InvalidProgramAccount");
    const wrongKind = encode({ kind: 1, src: 1, dst: 4, nonce: 8n, token: HUB_TOKEN, sender: Buffer.alloc(32), recipient: Buffer.alloc(32), amount: 0n, payloadHash: createHash("sha256").update(payload).digest() });
    expectErr(await govern(env, wrongKind, Buffer.from(payload), sigIxs(digest(1, wrongKind), sorted)), "InvalidBridgeMessage");
    const fromBase = encode({ kind: 2, src: 2, dst: 4, nonce: 9n, token: Buffer.alloc(32), sender: Buffer.alloc(32), recipient: Buffer.alloc(32), amount: 0n, payloadHash: createHash("sha256").update(payload).digest() });
    expectErr(await govern(env, fromBase, Buffer.from(payload), sigIxs(digest(1, fromBase), sorted)), "WrongChain");
    // a precompile instruction whose message lives in another instruction (index != 0xFFFF) is refused
    const sigs = sigIxs(d, sorted);
    const own = 1; // [compute budget, sig0, sig1, sig2, execute]: sig0 is instruction 1
    sigs[0].data.writeUInt16LE(own, 2 + 12); // message_instruction_index
    expectErr(await govern(env, msg, Buffer.from(payload), sigs), "InvalidSignatureInstruction");
    const ok = await govern(env, msg, Buffer.from(payload), sigIxs(d, sorted.slice(1)));
    expectOk(ok);
    assert.equal((await env.fetch<{ params: { challengePeriod: number } }>("config", configPda())).params.challengePeriod, 7200);
  });

  test("governance payloads: out-of-bounds, unknown, feeSplit, roles, unpause, validator rotation with expiry", async () => {
    const env = await setup();
    let n = 100n;
    const run = (payload: string, signers = sorted, setVersion = 1) => {
      const msg = govMessage(n++, payload);
      return govern(env, msg, Buffer.from(payload), sigIxs(digest(setVersion, msg), signers));
    };
    expectErr(await run("auditRateBps=10001"), "ParameterOutOfBounds");
    expectErr(await run("maxRedundancy=4"), "ParameterOutOfBounds");
    expectErr(await run("feeSplit=8000,1500,600"), "ParameterOutOfBounds");
    expectErr(await run("noSuchParameter=1"), "UnknownGovernanceAction");
    expectErr(await run("auditRateBps=abc"), "UnknownGovernanceAction");
    expectOk(await run("feeSplit=9000,1000,0"));
    const m = Keypair.generate().publicKey;
    expectOk(await run(`matcher=${m.toBuffer().toString("hex")}`));
    const c = await env.fetch<{ params: { providerBps: number; creatorBps: number }; roles: { matcher: PublicKey } }>("config", configPda());
    assert.equal(c.params.providerBps, 9000);
    assert.ok(c.roles.matcher.equals(m));
    expectOk(await env.call("setPaused", [true], { guardian: env.guardian.publicKey }, [env.guardian]));
    const u = await run("paused=0");
    expectOk(u);
    assert.equal(u.events[0].name, "Unpaused");
    // rotate to a new 2-of-2 set; the old set stays valid for an hour
    const next = [Keypair.generate(), Keypair.generate()].sort((a, b) => Buffer.compare(a.publicKey.toBuffer(), b.publicKey.toBuffer()));
    const rot = await run(`validators=2,3600,${next.map((k) => k.publicKey.toBuffer().toString("hex")).join(",")}`);
    expectOk(rot);
    assert.equal(rot.events[0].name, "ValidatorSetUpdated");
    expectOk(await run("acceptWindow=600", next, 2));
    expectOk(await run("acceptWindow=700", sorted, 1)); // old set, before expiry
    env.warp(3600);
    expectErr(await run("acceptWindow=800", sorted, 1), "ValidatorSetExpired");
    expectErr(await run("acceptWindow=800", next.slice(0, 1), 2), "QuorumNotReached");
  });
});

describe("bridge mint and burn", () => {
  const user = Keypair.generate();
  const userToken = Keypair.generate().publicKey;
  const transfer = (nonce: bigint, amount: bigint, o: Partial<{ token: Buffer; dst: number; recipient: Buffer }> = {}) =>
    encode({ kind: 1, src: 1, dst: o.dst ?? 4, nonce, token: o.token ?? HUB_TOKEN, sender: Buffer.alloc(32, 1), recipient: o.recipient ?? user.publicKey.toBuffer(), amount, payloadHash: Buffer.alloc(32) });
  const mintIx = (env: Env, msg: Buffer, token = userToken) =>
    env.ix("bridgeMint", [msg], { payer: env.admin.publicKey, nonce: noncePda(msg), recipientToken: token });
  const mint = async (env: Env, msg: Buffer, signers = sorted, token = userToken) => env.send([...sigIxs(digest(1, msg), signers), await mintIx(env, msg, token)]);

  test("mint on quorum (18 -> 9 decimals), replay, representability, rate limit, token and recipient checks", async () => {
    const env = await setup(2, 10n * STUN);
    env.setTokenAccount(userToken, mintPda(), user.publicKey, 0n);
    const m1 = transfer(1n, 5n * 10n ** 18n);
    const r = await mint(env, m1);
    expectOk(r);
    assert.equal(r.events[0].name, "BridgeMinted");
    assert.equal(env.tokenBalance(userToken), 5n * STUN);
    const supply = Buffer.from(env.svm.getAccount(mintPda())!.data).readBigUInt64LE(36);
    assert.equal(supply, 5n * STUN);
    expectErr(await mint(env, m1), "NonceConsumed");
    expectErr(await mint(env, transfer(2n, 1n)), "AmountNotRepresentable");
    expectErr(await mint(env, transfer(3n, 1n << 127n)), "AmountNotRepresentable");
    expectErr(await mint(env, transfer(4n, 6n * 10n ** 18n)), "RateLimited"); // 5 + 6 > 10 in this window
    expectErr(await mint(env, transfer(5n, 10n ** 18n, { token: Buffer.alloc(32, 7) })), "InvalidBridgeMessage");
    expectErr(await mint(env, transfer(6n, 10n ** 18n, { dst: 5 })), "WrongChain");
    expectErr(await mint(env, transfer(7n, 10n ** 18n), sorted.slice(0, 1)), "QuorumNotReached");
    const other = Keypair.generate().publicKey;
    env.setTokenAccount(other, mintPda(), Keypair.generate().publicKey, 0n);
    expectErr(await mint(env, transfer(8n, 10n ** 18n), sorted, other), "InvalidTokenAccount");
    env.warp(86400);
    expectOk(await mint(env, transfer(4n, 6n * 10n ** 18n))); // next window
    assert.equal(env.tokenBalance(userToken), 11n * STUN);
  });

  test("burn emits the hub-bound message (Solana -> Ethereum) and reduces supply", async () => {
    const env = await setup();
    env.fund(user.publicKey, 1n);
    env.setTokenAccount(userToken, mintPda(), user.publicKey, 0n);
    expectOk(await mint(env, transfer(1n, 3n * 10n ** 18n)));
    const hubRecipient = Buffer.concat([Buffer.alloc(12), Buffer.alloc(20, 0xab)]);
    const burn = (amount: bigint, dst = 1) =>
      env.call("bridgeBurn", [new BN(amount.toString()), dst, [...hubRecipient]], { owner: user.publicKey, source: userToken }, [user]);
    expectErr(await burn(STUN, 5), "WrongChain");
    expectErr(await burn(0n), "ZeroAmount");
    const r = await burn(2n * STUN);
    expectOk(r);
    const e = r.events.find((x) => x.name === "BridgeBurned")!.data as Record<string, unknown>;
    const msg = Buffer.from(e.message as number[]);
    assert.deepEqual(msg, encode({ kind: 1, src: 4, dst: 1, nonce: 1n, token: HUB_TOKEN, sender: user.publicKey.toBuffer(), recipient: hubRecipient, amount: 2n * 10n ** 18n, payloadHash: Buffer.alloc(32) }));
    assert.equal(env.tokenBalance(userToken), STUN);
    assert.equal(Buffer.from(env.svm.getAccount(mintPda())!.data).readBigUInt64LE(36), STUN);
    const r2 = await burn(STUN);
    expectOk(r2);
    assert.equal(String((r2.events.find((x) => x.name === "BridgeBurned")!.data as Record<string, unknown>).nonce), "2");
  });

  test("init_bridge: upgrade authority only, validator set checks", async () => {
    const env = await Env.create();
    const keys = sorted.map((k) => [...k.publicKey.toBuffer()]);
    const init = (threshold: number, vals: number[][], who = env.admin) =>
      env.call("initBridge", [[...HUB_TOKEN], threshold, vals, new BN(1), 60], { authority: who.publicKey, programData: programDataPda() }, [who]);
    expectErr(await init(2, keys, env.newFunded(1n)), "Unauthorized");
    expectErr(await init(4, keys), "TooManyValidators");
    expectErr(await init(0, keys), "TooManyValidators");
    expectErr(await init(2, [keys[1], keys[0]]), "TooManyValidators");
    expectOk(await init(2, keys));
    expectErr(await init(2, keys), "AlreadyInitialized");
    void PROGRAM_ID;
    void bridgePda;
    void INSTRUCTIONS_SYSVAR;
  });
});
