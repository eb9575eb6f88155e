// The IDL spec, part 1: the instructions (accounts in order, PDA seeds, args, docs). Discriminators are derived from
// the names by scripts/gen-idl.mjs; the order here is the IDL's order.
import web3 from "@solana/web3.js";

export const PROGRAM_ID = "uZyyYMdLiWnjzTeeEMurGu5L3pu2WQHxV4PD7FfcX1o";
const SYSTEM = "11111111111111111111111111111111";
const TOKEN = "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA";
const LOADER_V3 = "BPFLoaderUpgradeab1e11111111111111111111111";
const SLOT_HASHES = "SysvarS1otHashes111111111111111111111111111";
const INSTRUCTIONS = "Sysvar1nstructions1111111111111111111111111";

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
export const instructions = [
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
    name: "reassign_provider",
    docs: ["Matcher only. Replaces `no_show` (a lane of the Assigned task that neither accepted nor submitted, past its",
      "own accept window) with `replacement` (eligible, not a lane), which gets a fresh accept window; the no-show is",
      "penalised as at expiry. `no_show` and `replacement` are Provider accounts."],
    accounts: [config(true), task, signer("matcher"), { name: "no_show", writable: true }, { name: "replacement" }],
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
