/**
 * Test harness: a LiteSVM with the STUN program deployed through the real BPF upgradeable loader (buffer, write,
 * DeployWithMaxDataLen: the deploy-time ELF and syscall checks that `addProgram` skips), the Anchor client built
 * from idl/stun.json, and helpers to send instructions and read the outcome (logs, compute units, error code).
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

import anchor from "@coral-xyz/anchor";
import type { Idl } from "@coral-xyz/anchor";
import web3 from "@solana/web3.js";
import { LiteSVMProvider } from "anchor-litesvm";
import { FailedTransactionMetadata, LiteSVM, TransactionMetadata } from "litesvm";

const { Program, BN, BorshCoder, EventParser, AnchorError } = anchor;
const { Keypair, PublicKey, SystemProgram, Transaction, TransactionInstruction } = web3;
type Keypair = web3.Keypair;
type PublicKey = web3.PublicKey;
type TransactionInstruction = web3.TransactionInstruction;

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const idl = JSON.parse(fs.readFileSync(path.join(ROOT, "idl/stun.json"), "utf8")) as Idl;
export const PROGRAM_ID = new PublicKey(idl.address);
export const SO_PATH = process.env.STUN_SO ?? path.join(ROOT, "target/deploy/stun.so");
export const LOADER_V3 = new PublicKey("BPFLoaderUpgradeab1e11111111111111111111111");
export const TOKEN_PROGRAM = new PublicKey("TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA");
export const SLOT_HASHES = new PublicKey("SysvarS1otHashes111111111111111111111111111");
export const INSTRUCTIONS_SYSVAR = new PublicKey("Sysvar1nstructions1111111111111111111111111");
export const LAMPORTS = 1_000_000_000n;
export const STUN = 1_000_000_000n; // 9 decimals
export { AnchorError, BN, Keypair, PublicKey };

const programKeypair = () =>
  Keypair.fromSecretKey(Uint8Array.from(JSON.parse(fs.readFileSync(path.join(ROOT, "keys/stun-program-keypair.json"), "utf8"))));

export const pda = (...seeds: (Buffer | Uint8Array | string)[]) =>
  PublicKey.findProgramAddressSync(seeds.map((s) => (typeof s === "string" ? Buffer.from(s) : Buffer.from(s))), PROGRAM_ID)[0];
export const u64le = (n: bigint | number) => {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(BigInt(n));
  return b;
};
export const configPda = () => pda("config");
export const mintPda = () => pda("mint");
export const vaultPda = () => pda("stake_vault");
export const bridgePda = () => pda("bridge");
export const taskPda = (id: bigint | number) => pda("task", u64le(id));
export const providerPda = (auth: PublicKey) => pda("provider", auth.toBuffer());
export const modelPda = (id: Uint8Array) => pda("model", id);
export const programDataPda = () => PublicKey.findProgramAddressSync([PROGRAM_ID.toBuffer()], LOADER_V3)[0];

export interface TxResult {
  ok: boolean;
  logs: string[];
  cu: number;
  /** custom error code (6000+) when the program failed with one */
  code?: number;
  errName?: string;
  err?: string;
  events: { name: string; data: Record<string, unknown> }[];
}

export const DEFAULT_PARAMS = {
  minStake: new BN((100n * STUN).toString()),
  unbondingPeriod: new BN(7 * 86400),
  challengePeriod: 86400,
  acceptWindow: 3600,
  slashBpsWrongResult: 5000,
  slashBpsNoShow: 1000,
  auditRateBps: 1000,
  disputeBondBps: 1000,
  providerBps: 8000,
  treasuryBps: 1500,
  creatorBps: 500,
  challengerShareBps: 5000,
  maxRedundancy: 3,
};

/** The upgrade authority of every test deployment (deterministic so a deployed program can be reused). */
const ADMIN = Keypair.fromSeed(createHash("sha256").update("stun-solana-test-admin").digest());
/** Program + ProgramData accounts of the first real loader-v3 deployment in this process. */
let deployed: { elf: Buffer; accounts: [web3.PublicKey, ReturnType<LiteSVM["getAccount"]>][] } | undefined;

export class Env {
  readonly svm: LiteSVM;
  readonly provider: LiteSVMProvider;
  readonly program: InstanceType<typeof Program>;
  readonly admin: Keypair; // upgrade authority + payer
  readonly treasury = Keypair.generate();
  readonly guardian = Keypair.generate();
  readonly matcher = Keypair.generate();
  readonly auditor = Keypair.generate();
  readonly coder = new BorshCoder(idl);
  readonly eventParser: InstanceType<typeof EventParser>;
  deployResult?: TxResult;

  private constructor() {
    this.svm = new LiteSVM();
    this.admin = ADMIN;
    this.svm.airdrop(this.admin.publicKey, 1000n * LAMPORTS);
    this.provider = new LiteSVMProvider(this.svm, new anchor.Wallet(this.admin));
    // anchor-litesvm 0.2.1's simulate() never signs; litesvm >= 0.7 refuses unsigned legacy txs (.view()).
    const sim = this.provider.simulate.bind(this.provider);
    this.provider.simulate = async (tx, signers, c, inc) => {
      if (!("version" in tx)) {
        tx.feePayer = tx.feePayer ?? this.admin.publicKey;
        tx.recentBlockhash = this.svm.latestBlockhash();
        tx.sign(this.admin, ...(signers ?? []));
      }
      return sim(tx, signers, c, inc);
    };
    this.program = new Program(idl, this.provider);
    this.eventParser = new EventParser(PROGRAM_ID, this.coder);
  }

  /** A fresh SVM with the program deployed through loader v3 (and, unless `init` is false, initialized). */
  static async create(opts: { init?: boolean; params?: Partial<typeof DEFAULT_PARAMS>; elf?: Buffer } = {}): Promise<Env> {
    const env = new Env();
    if (!opts.elf && deployed) {
      // The ELF already passed the real loader-v3 deployment in this process: load it into the program cache and
      // restore the deployed Program/ProgramData accounts (upgrade authority = ADMIN).
      env.svm.addProgram(PROGRAM_ID, deployed.elf);
      for (const [k, a] of deployed.accounts) env.svm.setAccount(k, a!);
      env.svm.warpToSlot(env.svm.getClock().slot + 1n);
    } else {
      env.deployResult = env.deploy(opts.elf ?? fs.readFileSync(SO_PATH));
      assert.ok(env.deployResult.ok, `deploy failed: ${env.deployResult.err}\n${env.deployResult.logs.join("\n")}`);
      if (!opts.elf) deployed = { elf: fs.readFileSync(SO_PATH), accounts: [PROGRAM_ID, programDataPda()].map((k) => [k, env.svm.getAccount(k)]) };
    }
    env.setTime(1_800_000_000n);
    if (opts.init !== false) {
      const r = await env.initialize({ ...DEFAULT_PARAMS, ...opts.params });
      assert.ok(r.ok, `initialize failed: ${r.err}\n${r.logs.join("\n")}`);
    }
    return env;
  }

  /** Deploys an ELF at PROGRAM_ID through the upgradeable loader; the admin is the upgrade authority. */
  deploy(elf: Buffer): TxResult {
    const buffer = Keypair.generate();
    const payer = this.admin;
    const u32 = (n: number) => Buffer.from(Uint32Array.of(n).buffer);
    const bufSpace = 37 + elf.length;
    let r = this.sendRaw(
      [
        SystemProgram.createAccount({ fromPubkey: payer.publicKey, newAccountPubkey: buffer.publicKey, lamports: Number(this.svm.minimumBalanceForRentExemption(BigInt(bufSpace))), space: bufSpace, programId: LOADER_V3 }),
        new TransactionInstruction({ programId: LOADER_V3, keys: [{ pubkey: buffer.publicKey, isSigner: false, isWritable: true }, { pubkey: payer.publicKey, isSigner: false, isWritable: false }], data: u32(0) }),
      ],
      [buffer],
    );
    if (!r.ok) return r;
    const CHUNK = 950;
    for (let off = 0; off < elf.length; off += CHUNK) {
      const bytes = elf.subarray(off, off + CHUNK);
      r = this.sendRaw([
        new TransactionInstruction({
          programId: LOADER_V3,
          keys: [{ pubkey: buffer.publicKey, isSigner: false, isWritable: true }, { pubkey: payer.publicKey, isSigner: true, isWritable: false }],
          data: Buffer.concat([u32(1), u32(off), u64le(bytes.length), bytes]),
        }),
      ]);
      if (!r.ok) return r;
    }
    const program = programKeypair();
    r = this.sendRaw(
      [
        SystemProgram.createAccount({ fromPubkey: payer.publicKey, newAccountPubkey: program.publicKey, lamports: Number(this.svm.minimumBalanceForRentExemption(36n)), space: 36, programId: LOADER_V3 }),
        new TransactionInstruction({
          programId: LOADER_V3,
          keys: [
            { pubkey: payer.publicKey, isSigner: true, isWritable: true },
            { pubkey: programDataPda(), isSigner: false, isWritable: true },
            { pubkey: program.publicKey, isSigner: false, isWritable: true },
            { pubkey: buffer.publicKey, isSigner: false, isWritable: true },
            { pubkey: web3.SYSVAR_RENT_PUBKEY, isSigner: false, isWritable: false },
            { pubkey: web3.SYSVAR_CLOCK_PUBKEY, isSigner: false, isWritable: false },
            { pubkey: SystemProgram.programId, isSigner: false, isWritable: false },
            { pubkey: payer.publicKey, isSigner: true, isWritable: false },
          ],
          data: Buffer.concat([u32(2), u64le(elf.length * 2)]),
        }),
      ],
      [program],
    );
    // a program deployed in slot N runs from slot N+1
    this.svm.warpToSlot(this.svm.getClock().slot + 1n);
    return r;
  }

  async initialize(params: typeof DEFAULT_PARAMS, authority: Keypair = this.admin): Promise<TxResult> {
    const ix = await this.program.methods
      .initialize!(params, { treasury: this.treasury.publicKey, guardian: this.guardian.publicKey, matcher: this.matcher.publicKey, auditor: this.auditor.publicKey })
      .accountsPartial({ authority: authority.publicKey, programData: programDataPda() })
      .instruction();
    return this.send([ix], [authority], authority);
  }

  /** Sends instructions signed by `signers`; the admin pays the fee unless `payer` is given. Never throws. */
  send(ixs: TransactionInstruction[], signers: Keypair[] = [], payer?: Keypair): TxResult {
    return this.sendRaw(ixs, signers, payer);
  }

  private sendRaw(ixs: TransactionInstruction[], signers: Keypair[] = [], payer?: Keypair): TxResult {
    const feePayer = payer ?? this.admin;
    const tx = new Transaction();
    tx.add(web3.ComputeBudgetProgram.setComputeUnitLimit({ units: 1_400_000 }));
    tx.add(...ixs);
    tx.feePayer = feePayer.publicKey;
    tx.recentBlockhash = this.svm.latestBlockhash();
    const uniq = new Map<string, Keypair>();
    for (const k of [feePayer, ...signers]) uniq.set(k.publicKey.toBase58(), k);
    tx.sign(...uniq.values());
    const res = this.svm.sendTransaction(tx);
    this.svm.expireBlockhash();
    const meta = res instanceof FailedTransactionMetadata ? res.meta() : (res as TransactionMetadata);
    const logs = meta.logs();
    const out: TxResult = { ok: !(res instanceof FailedTransactionMetadata), logs, cu: Number(meta.computeUnitsConsumed()), events: [] };
    if (res instanceof FailedTransactionMetadata) {
      out.err = String(res.err());
      const m = logs.map((l) => /Error Code: (\w+)\. Error Number: (\d+)/.exec(l)).find(Boolean);
      if (m) {
        out.errName = m[1];
        out.code = Number(m[2]);
      }
    } else {
      try {
        for (const e of this.eventParser.parseLogs(logs)) out.events.push({ name: e.name, data: e.data as Record<string, unknown> });
      } catch {
        /* logs from programs other than ours */
      }
    }
    return out;
  }

  /** CU consumed by our program's top-level instruction (from the "consumed" log line). */
  static programCu(r: TxResult): number {
    const line = r.logs.find((l) => l.startsWith(`Program ${PROGRAM_ID.toBase58()} consumed`));
    return line ? Number(/consumed (\d+)/.exec(line)![1]) : NaN;
  }

  /** Builds an instruction through the Anchor client (IDL encoding + account resolution). */
  async ix(name: string, args: unknown[], accounts: Record<string, PublicKey>, remaining: { pubkey: PublicKey; isWritable: boolean }[] = []): Promise<TransactionInstruction> {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const m = (this.program.methods as any)[name](...args);
    return m
      .accountsPartial(accounts)
      .remainingAccounts(remaining.map((r) => ({ ...r, isSigner: false })))
      .instruction();
  }

  /** ix + send, signed by `signers` (the admin pays the fee). */
  async call(name: string, args: unknown[], accounts: Record<string, PublicKey>, signers: Keypair[], remaining: { pubkey: PublicKey; isWritable: boolean }[] = []): Promise<TxResult> {
    return this.send([await this.ix(name, args, accounts, remaining)], signers);
  }

  fund(pk: PublicKey, sol = 100n) {
    this.svm.airdrop(pk, sol * LAMPORTS);
  }

  newFunded(sol = 100n): Keypair {
    const k = Keypair.generate();
    this.fund(k.publicKey, sol);
    return k;
  }

  balance(pk: PublicKey): bigint {
    return this.svm.getBalance(pk) ?? 0n;
  }

  now(): bigint {
    return this.svm.getClock().unixTimestamp;
  }

  setTime(ts: bigint) {
    const c = this.svm.getClock();
    c.unixTimestamp = ts;
    this.svm.setClock(c);
  }

  warp(seconds: number) {
    const c = this.svm.getClock();
    c.unixTimestamp += BigInt(seconds);
    c.slot += 1n;
    this.svm.setClock(c);
  }

  /** Sets the newest slot hash (drives the audit draw). */
  setSlotHash(hash: Uint8Array) {
    const hs = this.svm.getSlotHashes();
    assert.ok(hs.length > 0, "LiteSVM has no slot hashes");
    hs[0]!.hash = new PublicKey(hash).toBase58();
    this.svm.setSlotHashes(hs);
  }

  /** A slot hash for which the audit draw of `taskId` at `rateBps` gives `audited`. */
  chooseSlotHash(taskId: bigint, rateBps: number, audited: boolean): Buffer {
    for (let i = 0; ; i++) {
      const h = createHash("sha256").update(`slot-${i}`).digest();
      const d = createHash("sha256").update(h).update(u64le(taskId)).digest();
      const v = d.readBigUInt64LE(0) % 10000n;
      if (v < BigInt(rateBps) === audited) return h;
    }
  }

  async fetch<T = Record<string, unknown>>(kind: string, addr: PublicKey): Promise<T> {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    return (await (this.program.account as any)[kind].fetch(addr)) as T;
  }

  /** Writes an initialized SPL token account holding `amount` of `mint` for `owner` (test funding). */
  setTokenAccount(addr: PublicKey, mint: PublicKey, owner: PublicKey, amount: bigint) {
    const d = Buffer.alloc(165);
    mint.toBuffer().copy(d, 0);
    owner.toBuffer().copy(d, 32);
    d.writeBigUInt64LE(amount, 64);
    d[108] = 1; // AccountState::Initialized
    this.svm.setAccount(addr, { lamports: Number(this.svm.minimumBalanceForRentExemption(165n)), data: d, owner: TOKEN_PROGRAM, executable: false });
  }

  tokenBalance(addr: PublicKey): bigint {
    const a = this.svm.getAccount(addr);
    return a ? Buffer.from(a.data).readBigUInt64LE(64) : 0n;
  }
}

export function expectErr(r: TxResult, name: string) {
  assert.ok(!r.ok, `expected ${name}, but the transaction succeeded`);
  assert.equal(r.errName, name, `expected ${name}, got ${r.errName ?? r.err}\n${r.logs.join("\n")}`);
  const e = (idl.errors ?? []).find((x) => x.name === name);
  assert.ok(e, `unknown error ${name}`);
  assert.equal(r.code, e.code);
}

export function expectOk(r: TxResult) {
  assert.ok(r.ok, `transaction failed: ${r.err}\n${r.logs.join("\n")}`);
}

export const bytes32 = (s: string) => createHash("sha256").update(s).digest();
