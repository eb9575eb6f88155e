#!/usr/bin/env node
// Single source of the program interface. Writes the Anchor-format IDL (idl/stun.json: what clients use) and the
// Rust constants the program dispatches on (programs/stun/src/generated.rs: instruction/account/event
// discriminators, error codes and messages). `--check` fails if either file is stale (run by the tests).
//   discriminators: instruction sha256("global:<name>")[..8], account sha256("account:<Name>")[..8],
//                   event sha256("event:<Name>")[..8]; errors are 6000 + index (Anchor custom error range).
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

import web3 from "@solana/web3.js";

const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), "..");
const PROGRAM_ID = "uZyyYMdLiWnjzTeeEMurGu5L3pu2WQHxV4PD7FfcX1o";
const SYSTEM = "11111111111111111111111111111111";
const TOKEN = "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA";
const LOADER_V3 = "BPFLoaderUpgradeab1e11111111111111111111111";
const SLOT_HASHES = "SysvarS1otHashes111111111111111111111111111";
const INSTRUCTIONS = "Sysvar1nstructions1111111111111111111111111";

const disc = (s) => [...createHash("sha256").update(s).digest().subarray(0, 8)];
const bytes = (s) => [...Buffer.from(s)];

// ---- accounts shorthand ---------------------------------------------------------------------------------------
const c = (v) => ({ kind: "const", value: bytes(v) });
const argSeed = (p) => ({ kind: "arg", path: p });
const accSeed = (p) => ({ kind: "account", path: p });
const pda = (name, seeds, extra = {}) => ({ name, ...extra, pda: { seeds } });
const config = (w = false) => pda("config", [c("config")], w ? { writable: true } : {});
const task = pda("task", [c("task"), argSeed("task_id")], { writable: true });
const systemProgram = { name: "system_program", address: SYSTEM };
const tokenProgram = { name: "token_program", address: TOKEN };
const slotHashes = { name: "slot_hashes", address: SLOT_HASHES };
const ixSysvar = { name: "instructions_sysvar", address: INSTRUCTIONS };
const providerOf = (auth, w = false) => pda("provider", [c("provider"), accSeed(auth)], w ? { writable: true } : {});
const signer = (name, w = false) => ({ name, signer: true, ...(w ? { writable: true } : {}) });
const mint = (w = false) => pda("mint", [c("mint")], w ? { writable: true } : {});
const stakeVault = pda("stake_vault", [c("stake_vault")], { writable: true });
const pkBytes = (a) => [...new web3.PublicKey(a).toBytes()];
// ProgramData of this program under loader v3 (its upgrade authority gates initialize / init_bridge)
const programData = () => ({ name: "program_data", pda: { seeds: [{ kind: "const", value: pkBytes(PROGRAM_ID) }], program: { kind: "const", value: pkBytes(LOADER_V3) } } });
const bridge = (w = false) => pda("bridge", [c("bridge")], w ? { writable: true } : {});

const u64 = (name) => ({ name, type: "u64" });
const taskIdArg = u64("task_id");
const b32 = (name) => ({ name, type: { array: ["u8", 32] } });

// ---- instructions ---------------------------------------------------------------------------------------------
const instructions = [
  {
    name: "initialize",
    docs: ["Creates Config, the STUN mint (authority: Config PDA) and the stake vault. Upgrade authority only."],
    accounts: [config(true), mint(true), stakeVault, signer("authority", true),
      programData(),
      systemProgram, tokenProgram],
    args: [{ name: "params", type: { defined: { name: "Params" } } }, { name: "roles", type: { defined: { name: "Roles" } } }],
  },
  {
    name: "init_bridge",
    docs: ["Creates the bridge state with the first validator set. Upgrade authority only."],
    accounts: [config(), bridge(true), signer("authority", true), programData(), systemProgram],
    args: [{ name: "hub_token", type: { array: ["u8", 32] } }, { name: "threshold", type: "u8" },
      { name: "validators", type: { vec: { array: ["u8", 32] } } }, u64("rate_limit"), { name: "rate_window", type: "u32" }],
  },
  {
    name: "register_model",
    accounts: [config(), pda("model", [c("model"), argSeed("model_id")], { writable: true }), signer("creator", true), systemProgram],
    args: [b32("model_id")],
  },
  {
    name: "register_provider",
    accounts: [config(), providerOf("authority", true), signer("authority", true), systemProgram],
    args: [{ name: "specs", type: { defined: { name: "Specs" } } }],
  },
  {
    name: "update_provider",
    accounts: [providerOf("authority", true), signer("authority")],
    args: [{ name: "specs", type: { defined: { name: "Specs" } } }, { name: "active", type: "bool" }],
  },
  {
    name: "stake",
    accounts: [config(), providerOf("authority", true), signer("authority"), { name: "source", writable: true }, stakeVault, tokenProgram],
    args: [u64("amount")],
  },
  {
    name: "request_unstake",
    accounts: [config(), providerOf("authority", true), signer("authority")],
    args: [u64("amount")],
  },
  {
    name: "withdraw_unstaked",
    accounts: [config(), providerOf("authority", true), signer("authority"), stakeVault, { name: "destination", writable: true }, tokenProgram],
    args: [],
  },
  {
    name: "withdraw_earnings",
    docs: ["Pull payment: SOL credited to the provider account by finalize_task."],
    accounts: [providerOf("authority", true), signer("authority", true)],
    args: [],
  },
  {
    name: "withdraw_creator_earnings",
    accounts: [pda("model", [c("model"), argSeed("model_id")], { writable: true }), signer("creator", true)],
    args: [b32("model_id")],
  },
  {
    name: "withdraw_treasury",
    docs: ["Moves SOL credited to the treasury (held by Config) to the treasury address. Anyone may call."],
    accounts: [config(true), { name: "treasury", writable: true }],
    args: [],
  },
  {
    name: "withdraw_treasury_stun",
    docs: ["Moves slashed STUN credited to the treasury from the stake vault to a STUN account owned by the treasury."],
    accounts: [config(true), stakeVault, { name: "destination", writable: true }, tokenProgram],
    args: [],
  },
  {
    name: "submit_task",
    docs: ["Escrows `reward` lamports in the new Task account. task_id must be Config.task_count + 1."],
    accounts: [config(true), task, signer("requester", true), systemProgram],
    args: [taskIdArg, b32("task_hash"), b32("model_id"), u64("reward"), { name: "deadline", type: "i64" },
      { name: "redundancy", type: "u8" }, { name: "requirements", type: { defined: { name: "Requirements" } } }],
  },
  {
    name: "submit_task_spl",
    docs: ["Escrows `reward` of `payment_mint` in the token account PDA [\"escrow\", task_id] (owner: Config PDA)."],
    accounts: [config(true), task, pda("escrow", [c("escrow"), argSeed("task_id")], { writable: true }), signer("requester", true),
      { name: "payment_mint" }, { name: "requester_token", writable: true }, systemProgram, tokenProgram],
    args: [taskIdArg, b32("task_hash"), b32("model_id"), u64("reward"), { name: "deadline", type: "i64" },
      { name: "redundancy", type: "u8" }, { name: "requirements", type: { defined: { name: "Requirements" } } }],
  },
  {
    name: "claim_spl",
    docs: ["Pull payment from an SPL task's escrow. slot 0..2: provider i (owner_account = its Provider account);",
      "3: model creator (owner_account = Model); 4: treasury; 5: the requester's refund (owner_account: any)."],
    accounts: [config(), task, pda("escrow", [c("escrow"), argSeed("task_id")], { writable: true }), { name: "destination", writable: true },
      signer("claimant"), { name: "owner_account" }, tokenProgram],
    args: [taskIdArg, { name: "slot", type: "u8" }],
  },
  {
    name: "cancel_task",
    accounts: [task, signer("requester")],
    args: [taskIdArg],
  },
  {
    name: "assign_task",
    docs: ["Matcher only. Remaining accounts: the `redundancy` Provider accounts, in assignment order."],
    accounts: [config(), task, signer("matcher")],
    args: [taskIdArg],
  },
  {
    name: "accept_task",
    accounts: [config(), task, providerOf("authority"), signer("authority")],
    args: [taskIdArg],
  },
  {
    name: "submit_result",
    docs: ["Verifies the Groth16 proof (public inputs taskId, resultHash, provider field). The last result runs",
      "consensus and the audit draw (slot hashes)."],
    accounts: [config(), task, providerOf("authority"), signer("authority"), slotHashes],
    args: [taskIdArg, b32("result_hash"), { name: "proof", type: { array: ["u8", 256] } }],
  },
  {
    name: "expire_task",
    docs: ["Anyone. Remaining accounts: the task's Provider accounts (writable), in assignment order."],
    accounts: [config(true), task, slotHashes],
    args: [taskIdArg],
  },
  {
    name: "resolve_audit",
    docs: ["Auditor only. Remaining accounts: the task's Provider accounts (writable), in assignment order."],
    accounts: [config(true), task, signer("auditor")],
    args: [taskIdArg, { name: "honest", type: "bool" }],
  },
  {
    name: "dispute_task",
    docs: ["Requester, within the challenge window; escrows disputeBondBps of the reward as a bond."],
    accounts: [config(), task, signer("requester", true), systemProgram],
    args: [taskIdArg],
  },
  {
    name: "resolve_dispute",
    docs: ["Auditor only. Remaining accounts: [model (Model PDA of task.model_id, as finalize_task; may be left out",
      "for a dishonest verdict), the task's Provider accounts (writable), in assignment order]."],
    accounts: [config(true), task, signer("auditor")],
    args: [taskIdArg, { name: "honest", type: "bool" }],
  },
  {
    name: "finalize_task",
    docs: ["Anyone, after the challenge window. `model` is the Model PDA of task.model_id (it may not exist).",
      "Remaining accounts: the task's Provider accounts (writable), in assignment order."],
    accounts: [config(true), task, { name: "model", writable: true }],
    args: [taskIdArg],
  },
  {
    name: "close_task",
    docs: ["Requester, in a terminal state: receives what the task account still holds (refund, bond, rent).",
      "After an upheld dispute, remaining accounts [config, stake_vault, destination token account, token program]",
      "pay the requester's challenger share of the slashed STUN."],
    accounts: [task, signer("requester", true)],
    args: [taskIdArg],
  },
  {
    name: "set_paused",
    docs: ["The guardian may pause; only governance (execute_governance) may unpause."],
    accounts: [config(true), signer("guardian")],
    args: [{ name: "paused", type: "bool" }],
  },
  {
    name: "verify_result_proof",
    docs: ["Stateless Groth16 check against the result_commitment key (for clients and benchmarks)."],
    accounts: [],
    args: [{ name: "proof", type: { array: ["u8", 256] } }, { name: "public_inputs", type: { array: [{ array: ["u8", 32] }, 3] } }],
  },
  {
    name: "bridge_mint",
    docs: ["Mints wrapped STUN for a transfer message signed by a validator quorum. The signatures are checked",
      "by an Ed25519 precompile instruction earlier in the same transaction (read through the instructions sysvar)."],
    accounts: [config(), bridge(true), pda("nonce", [c("nonce"), argSeed("message")], { writable: true }), mint(true),
      { name: "recipient_token", writable: true }, signer("payer", true), ixSysvar, tokenProgram, systemProgram],
    args: [{ name: "message", type: "bytes" }],
  },
  {
    name: "bridge_burn",
    docs: ["Burns wrapped STUN and emits BridgeBurned; validators release it on the hub."],
    accounts: [config(), bridge(true), mint(true), { name: "source", writable: true }, signer("owner"), tokenProgram],
    args: [u64("amount"), { name: "dst_chain", type: "u32" }, b32("recipient")],
  },
  {
    name: "execute_governance",
    docs: ["Applies a governance message (kind 2, hub -> Solana) signed by a validator quorum; sha256(payload) must",
      "equal message.payloadHash. Payload: ASCII `name=value` (see README: parameters, feeSplit, roles, paused, validators)."],
    accounts: [config(true), bridge(true), pda("nonce", [c("nonce"), argSeed("message")], { writable: true }),
      signer("payer", true), ixSysvar, systemProgram],
    args: [{ name: "message", type: "bytes" }, { name: "payload", type: "bytes" }],
  },
];
// the nonce PDA seeds are really ["nonce", srcChain BE, nonce BE] (bytes 2..6 and 10..18 of the message); Anchor
// cannot express a slice of an argument, so clients pass it explicitly (tests/helpers.ts: noncePda()).
for (const ix of instructions) for (const a of ix.accounts) if (a.name === "nonce") delete a.pda;

// ---- types ----------------------------------------------------------------------------------------------------
const f = (name, type) => ({ name, type });
const pk = (name) => f(name, "pubkey");
const struct = (name, fields) => ({ name, type: { kind: "struct", fields } });
const types = [
  struct("Params", [f("min_stake", "u64"), f("unbonding_period", "u64"), f("challenge_period", "u32"), f("accept_window", "u32"),
    f("slash_bps_wrong_result", "u16"), f("slash_bps_no_show", "u16"), f("audit_rate_bps", "u16"), f("dispute_bond_bps", "u16"),
    f("provider_bps", "u16"), f("treasury_bps", "u16"), f("creator_bps", "u16"), f("challenger_share_bps", "u16"),
    f("max_redundancy", "u8")]),
  struct("Roles", [pk("treasury"), pk("guardian"), pk("matcher"), pk("auditor")]),
  struct("Specs", [f("gpu_memory", "u32"), f("compute_capability", "u32"), f("gpu_count", "u32"), f("region", "u32")]),
  struct("Requirements", [f("gpu_memory", "u32"), f("compute_capability", "u32"), f("gpu_count", "u32"), f("region", "u32"),
    f("privacy", "u8")]),
];
// Account layouts (byte-exact with programs/stun/src/state/*.rs: packed, little-endian, after the discriminator).
const accountTypes = [
  struct("Config", [f("bump", "u8"), f("paused", "bool"), f("mint_bump", "u8"), f("vault_bump", "u8"),
    f("params", { defined: { name: "Params" } }), f("roles", { defined: { name: "Roles" } }),
    pk("mint"), f("task_count", "u64"), f("treasury_accrued", "u64"), f("treasury_stun", "u64"), f("last_unpaused_at", "i64")]),
  struct("Provider", [pk("authority"), f("bump", "u8"), f("active", "bool"), f("specs", { defined: { name: "Specs" } }),
    f("stake", "u64"), f("unbonding", "u64"), f("unlock_at", "i64"), f("earned", "u64"), f("reputation", "u16"),
    f("successes", "u32"), f("wrong_results", "u32"), f("no_shows", "u32"), f("total_latency", "u64")]),
  struct("Model", [f("model_id", { array: ["u8", 32] }), pk("creator"), f("earned", "u64"), f("bump", "u8")]),
  struct("Task", [f("task_id", "u64"), pk("requester"), f("reward", "u64"), f("bond", "u64"), f("deadline", "i64"),
    f("assigned_at", "i64"), f("challenge_ends", "i64"), f("status", "u8"), f("redundancy", "u8"), f("distinct_results", "u8"),
    f("majority_idx", "u8"), f("bump", "u8"), f("requirements", { defined: { name: "Requirements" } }),
    f("model_id", { array: ["u8", 32] }), f("task_hash", { array: ["u8", 32] }),
    f("providers", { array: ["pubkey", 3] }), f("states", { array: ["u8", 3] }), f("result_idx", { array: ["u8", 3] }),
    f("submitted_at", { array: ["i64", 3] }), f("results", { array: [{ array: ["u8", 32] }, 3] }), f("refund", "u64"), f("challenger_stun", "u64"),
    pk("payment_mint"), f("owed", { array: ["u64", 3] }), f("owed_creator", "u64"), f("owed_treasury", "u64")]),
  struct("Bridge", [f("bump", "u8"), f("threshold", "u8"), f("count", "u8"), f("old_threshold", "u8"), f("old_count", "u8"),
    f("set_version", "u32"), f("old_expires_at", "i64"), f("hub_token", { array: ["u8", 32] }),
    f("validators", { array: [{ array: ["u8", 32] }, 8] }), f("old_validators", { array: [{ array: ["u8", 32] }, 8] }),
    f("outbound_nonce", "u64"), f("rate_limit", "u64"), f("rate_window", "u32"), f("window_start", "i64"), f("window_used", "u64")]),
  struct("Nonce", [f("src_chain", "u32"), f("nonce", "u64")]),
];
types.push(...accountTypes);

// ---- events ---------------------------------------------------------------------------------------------------
const ev = (name, fields) => ({ name, fields });
const events = [
  ev("TaskSubmitted", [f("task_id", "u64"), pk("requester"), f("reward", "u64")]),
  ev("TaskAssigned", [f("task_id", "u64"), f("providers", { vec: "pubkey" })]),
  ev("TaskAccepted", [f("task_id", "u64"), pk("provider")]),
  ev("ResultSubmitted", [f("task_id", "u64"), pk("provider"), f("result_hash", { array: ["u8", 32] })]),
  ev("AuditRequested", [f("task_id", "u64")]),
  ev("AuditResolved", [f("task_id", "u64"), f("honest", "bool")]),
  ev("TaskDisputed", [f("task_id", "u64"), pk("by"), f("bond", "u64")]),
  ev("TaskFinalized", [f("task_id", "u64")]),
  ev("TaskCompleted", [f("task_id", "u64"), pk("provider"), f("result_hash", { array: ["u8", 32] })]),
  ev("PaymentSplit", [f("task_id", "u64"), f("provider", "u64"), f("treasury", "u64"), f("creator", "u64")]),
  ev("TaskExpired", [f("task_id", "u64")]),
  ev("TaskCancelled", [f("task_id", "u64")]),
  ev("Refunded", [f("task_id", "u64"), pk("to"), f("amount", "u64")]),
  ev("ProviderRegistered", [pk("provider"), f("specs", { defined: { name: "Specs" } })]),
  ev("ProviderUpdated", [pk("provider")]),
  ev("Staked", [pk("provider"), f("amount", "u64")]),
  ev("UnstakeRequested", [pk("provider"), f("amount", "u64"), f("unlock_at", "i64")]),
  ev("Unstaked", [pk("provider"), f("amount", "u64")]),
  ev("Slashed", [pk("provider"), f("amount", "u64"), f("reason", "u8")]),
  ev("ReputationUpdated", [pk("provider"), f("score", "u16")]),
  ev("ModelRegistered", [f("model_id", { array: ["u8", 32] }), pk("creator")]),
  ev("ParameterChanged", [f("name", "string"), f("old", "u64"), f("new", "u64")]),
  ev("Paused", [pk("by")]),
  ev("Unpaused", [pk("by")]),
  ev("BridgeMinted", [f("src_chain", "u32"), f("nonce", "u64"), pk("recipient"), f("amount", "u64")]),
  ev("BridgeBurned", [f("dst_chain", "u32"), f("nonce", "u64"), pk("sender"), f("recipient", { array: ["u8", 32] }),
    f("amount", "u64"), f("message", { array: ["u8", 162] })]),
  ev("ValidatorSetUpdated", [f("version", "u32"), f("threshold", "u8"), f("expires_old", "i64")]),
];
for (const e of events) types.push(struct(e.name, e.fields));

// ---- errors ---------------------------------------------------------------------------------------------------
const errorList = [
  ["InvalidInstruction", "Unknown instruction or malformed arguments"],
  ["Unauthorized", "The signer lacks the role this instruction needs"],
  ["MissingSignature", "A required account did not sign"],
  ["AccountNotWritable", "An account that must be writable is not"],
  ["InvalidAccountOwner", "An account is not owned by the expected program"],
  ["InvalidPda", "An account is not the expected program-derived address"],
  ["InvalidProgramAccount", "A program or sysvar account is not the expected one"],
  ["AccountDiscriminatorMismatch", "Account data is not of the expected type"],
  ["AlreadyInitialized", "The account already exists"],
  ["Paused", "The protocol is paused"],
  ["InvalidState", "The task is not in a state that allows this"],
  ["ParameterOutOfBounds", "A parameter is outside its bounds"],
  ["InvalidRedundancy", "Redundancy must be between 1 and maxRedundancy"],
  ["InvalidDeadline", "The deadline must be in the future"],
  ["ZeroAmount", "The amount must be positive"],
  ["TaskIdMismatch", "task_id must be Config.task_count + 1"],
  ["NotAssignedProvider", "The provider is not assigned to this task"],
  ["ProviderNotEligible", "The provider does not meet the stake or the task requirements"],
  ["DuplicateProvider", "A provider appears twice in the assignment"],
  ["AlreadyAccepted", "The provider already accepted"],
  ["AcceptWindowClosed", "The accept window has closed"],
  ["AlreadySubmitted", "The provider already submitted a result"],
  ["DeadlinePassed", "The task deadline has passed"],
  ["ResultHashOutOfField", "resultHash is not below the BN254 scalar field"],
  ["InvalidProof", "The Groth16 proof does not verify"],
  ["PublicInputNotInField", "A public input is not below the BN254 scalar field"],
  ["ProofCoordinateNotInField", "A proof coordinate is not below the BN254 base field"],
  ["ChallengeWindowOpen", "The challenge window is still open"],
  ["ChallengeWindowClosed", "The challenge window has closed"],
  ["NotExpirable", "The task cannot expire yet"],
  ["InsufficientStake", "Not enough stake"],
  ["UnbondingNotFinished", "The unbonding period has not passed"],
  ["NothingToWithdraw", "Nothing to withdraw"],
  ["ArithmeticOverflow", "Arithmetic overflow"],
  ["InvalidTokenAccount", "A token account has the wrong mint or owner"],
  ["InvalidBridgeMessage", "The bridge message is malformed or of the wrong kind"],
  ["WrongChain", "The message is not addressed to Solana (chain 4) or comes from an unknown chain"],
  ["QuorumNotReached", "Fewer valid validator signatures than the threshold"],
  ["SignersNotAscending", "Validator signers must be strictly ascending"],
  ["ValidatorSetExpired", "The signing validator set has expired"],
  ["NonceConsumed", "This (srcChain, nonce) was already consumed"],
  ["RateLimited", "The bridge rate limit for this window is exhausted"],
  ["InvalidSignatureInstruction", "The Ed25519 signature instruction is missing or malformed"],
  ["PayloadHashMismatch", "sha256(payload) does not match the message payloadHash"],
  ["UnknownGovernanceAction", "Unknown governance action"],
  ["AmountNotRepresentable", "The bridged amount is not a whole number of 9-decimal units or exceeds u64"],
  ["InvalidModel", "The model account does not match the task"],
  ["TooManyValidators", "Between 1 and 8 validators, strictly ascending, threshold between 1 and their count"],
  // bridge codec errors: the same names as the shared vectors (bridge/vectors/bridge-message.json)
  ["BadLength", "A bridge message is exactly 162 bytes"],
  ["UnsupportedVersion", "Unsupported bridge message version"],
  ["UnknownKind", "Unknown bridge message kind"],
  ["UnknownChain", "Unknown protocol chain id"],
  ["SameChain", "Source and destination chain are the same"],
];
const errors = errorList.map(([name, msg], i) => ({ code: 6000 + i, name, msg }));

// ---- assemble -------------------------------------------------------------------------------------------------
const idl = {
  address: PROGRAM_ID,
  metadata: { name: "stun", version: "0.1.0", spec: "0.1.0", description: "STUN Solana spoke (no_std, built offline)" },
  instructions: instructions.map((ix) => ({ name: ix.name, ...(ix.docs ? { docs: ix.docs } : {}), discriminator: disc(`global:${ix.name}`), accounts: ix.accounts, args: ix.args })),
  accounts: accountTypes.map((t) => ({ name: t.name, discriminator: disc(`account:${t.name}`) })),
  events: events.map((e) => ({ name: e.name, discriminator: disc(`event:${e.name}`) })),
  errors,
  types,
};

const snake = (s) => s.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toUpperCase();
const arr = (a) => `[${a.join(", ")}]`;
let rs = "// @generated by scripts/gen-idl.mjs from the IDL spec: do not edit.\n#![allow(dead_code)]\n\n";
rs += "/// Instruction discriminators: sha256(\"global:<name>\")[..8].\npub mod ix {\n";
for (const ix of idl.instructions) rs += `    pub const ${ix.name.toUpperCase()}: [u8; 8] = ${arr(ix.discriminator)};\n`;
rs += "}\n\n/// Account discriminators: sha256(\"account:<Name>\")[..8].\npub mod account {\n";
for (const a of idl.accounts) rs += `    pub const ${snake(a.name)}: [u8; 8] = ${arr(a.discriminator)};\n`;
rs += "}\n\n/// Event discriminators: sha256(\"event:<Name>\")[..8].\npub mod event {\n";
for (const e of idl.events) rs += `    pub const ${snake(e.name)}: [u8; 8] = ${arr(e.discriminator)};\n`;
rs += "}\n\n/// Custom error codes (Anchor range, 6000 + n).\n#[derive(Clone, Copy, Debug, PartialEq, Eq)]\n#[repr(u32)]\npub enum StunError {\n";
for (const e of errors) rs += `    /// ${e.msg}\n    ${e.name} = ${e.code},\n`;
rs += "}\n\nimpl StunError {\n    pub const fn name(self) -> &'static str {\n        match self {\n";
for (const e of errors) rs += `            StunError::${e.name} => "${e.name}",\n`;
rs += "        }\n    }\n\n    pub const fn message(self) -> &'static str {\n        match self {\n";
for (const e of errors) rs += `            StunError::${e.name} => "${e.msg}",\n`;
rs += "        }\n    }\n}\n";

const idlText = `${JSON.stringify(idl, null, 2)}\n`;
const outputs = [[path.join(ROOT, "idl/stun.json"), idlText], [path.join(ROOT, "programs/stun/src/generated.rs"), rs]];
if (process.argv.includes("--check")) {
  const stale = outputs.filter(([p, t]) => !fs.existsSync(p) || fs.readFileSync(p, "utf8") !== t).map(([p]) => p);
  if (stale.length) {
    console.error(`gen-idl: stale, run node scripts/gen-idl.mjs: ${stale.join(", ")}`);
    process.exit(1);
  }
} else {
  for (const [p, t] of outputs) {
    fs.mkdirSync(path.dirname(p), { recursive: true });
    if (!fs.existsSync(p) || fs.readFileSync(p, "utf8") !== t) fs.writeFileSync(p, t);
  }
}
