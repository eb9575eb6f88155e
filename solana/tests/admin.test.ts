/** Deployment through loader v3, initialization (upgrade authority only), parameter bounds. */
import assert from "node:assert/strict";
import fs from "node:fs";
import { describe, test } from "node:test";

import { DEFAULT_PARAMS, Env, Keypair, SO_PATH, configPda, expectErr, mintPda, vaultPda } from "./harness.js";

describe("deploy and initialize", () => {
  test("the ELF passes the real loader-v3 deployment and initialize creates config, mint and vault", async () => {
    const env = await Env.create({ elf: fs.readFileSync(SO_PATH) });
    assert.ok(env.deployResult?.ok);
    const c = await env.fetch<{ mint: import("@solana/web3.js").PublicKey; params: { maxRedundancy: number } }>("config", configPda());
    assert.ok(c.mint.equals(mintPda()));
    const mint = env.svm.getAccount(mintPda())!;
    assert.equal(mint.data.length, 82);
    assert.equal(mint.data[44], 9); // decimals
    assert.deepEqual(Buffer.from(mint.data.subarray(4, 36)), configPda().toBuffer()); // mint authority = Config PDA
    assert.equal(env.svm.getAccount(vaultPda())!.data.length, 165);
  });

  test("a corrupted ELF is rejected by the loader", async () => {
    const elf = Buffer.from(fs.readFileSync(SO_PATH));
    elf.writeUInt16LE(2, 16); // ET_EXEC instead of ET_DYN
    await assert.rejects(Env.create({ elf }), /deploy failed/);
  });

  test("only the upgrade authority initializes, once; parameters are bounds-checked", async () => {
    const env = await Env.create({ init: false });
    const stranger = env.newFunded(10n);
    expectErr(await env.initialize(DEFAULT_PARAMS, stranger), "Unauthorized");
    expectErr(await env.initialize({ ...DEFAULT_PARAMS, providerBps: 7000 }), "ParameterOutOfBounds"); // sum != 10000
    expectErr(await env.initialize({ ...DEFAULT_PARAMS, maxRedundancy: 4 }), "ParameterOutOfBounds");
    expectErr(await env.initialize({ ...DEFAULT_PARAMS, challengePeriod: 10 }), "ParameterOutOfBounds");
    expectErr(await env.initialize({ ...DEFAULT_PARAMS, slashBpsNoShow: 6000 }), "ParameterOutOfBounds");
    assert.equal(env.svm.getAccount(configPda()), null);
    const ok = await env.initialize(DEFAULT_PARAMS);
    assert.ok(ok.ok, ok.logs.join("\n"));
    expectErr(await env.initialize(DEFAULT_PARAMS), "AlreadyInitialized");
    // a fake ProgramData account (not owned by the loader)
    const fake = Keypair.generate();
    env.fund(fake.publicKey, 1n);
    const ix = await env.program.methods
      .initialize(DEFAULT_PARAMS, { treasury: fake.publicKey, guardian: fake.publicKey, matcher: fake.publicKey, auditor: fake.publicKey })
      .accountsPartial({ authority: env.admin.publicKey, programData: fake.publicKey })
      .instruction();
    expectErr(env.send([ix]), "InvalidProgramAccount");
  });
});

describe("Anchor client end to end", () => {
  test(".rpc() through anchor-litesvm, account fetch, and AnchorError from a failed .rpc()", async () => {
    const { AnchorError, providerPda } = await import("./harness.js");
    const env = await Env.create();
    const p = env.newFunded(5n);
    const specs = { gpuMemory: 24, computeCapability: 86, gpuCount: 1, region: 0 };
    const sig = await env.program.methods.registerProvider(specs).accounts({ authority: p.publicKey }).signers([p]).rpc();
    assert.equal(typeof sig, "string");
    const acc = await env.program.account.provider.fetch(providerPda(p.publicKey));
    assert.equal(acc.reputation, 5000);
    assert.ok((acc.authority as import("@solana/web3.js").PublicKey).equals(p.publicKey));
    env.svm.expireBlockhash(); // else the identical transaction is rejected as already processed
    await assert.rejects(
      env.program.methods.registerProvider(specs).accounts({ authority: p.publicKey }).signers([p]).rpc(),
      (e: unknown) => {
        const x = e as { logs?: string[]; transactionLogs?: string[]; transactionError?: { logs?: string[] } };
        const logs = x.logs ?? x.transactionLogs ?? x.transactionError?.logs ?? [];
        const parsed = AnchorError.parse(logs);
        assert.ok(parsed, `no AnchorError in ${String(e)}`);
        assert.equal(parsed.error.errorCode.code, "AlreadyInitialized");
        assert.equal(parsed.error.errorCode.number, 6008);
        return true;
      },
    );
  });
});
