import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";

import { HDNodeWallet, Mnemonic } from "ethers";

import { DEVNET_MNEMONIC, devnetProvider } from "../../sdk/src/devnet-accounts.js";
import { KeystoreError, loadKeystore, resolvePassword, writeKeystore } from "../src/keystore.js";
import { createLogger } from "../src/log.js";

describe("keystore and logs", () => {
  const dir = mkdtempSync(join(tmpdir(), "stun-keystore-"));

  it("round-trips through an encrypted keystore; a wrong password is refused without leaking", async () => {
    const key = devnetProvider(0);
    const file = join(dir, "k.json");
    const addr = await writeKeystore(file, key.privateKey, "pw-1", { scryptN: 1024 });
    assert.equal(addr, key.address);
    const w = await loadKeystore(file, "pw-1");
    assert.equal(w.address, key.address);
    await assert.rejects(loadKeystore(file, "bad-pw-xyz"), (e: Error) => e instanceof KeystoreError && !e.message.includes("bad-pw-xyz") && !e.message.includes(key.privateKey));
    await assert.rejects(loadKeystore(join(dir, "missing.json"), "pw-1"), KeystoreError);
  });

  it("reads the password from a file or the environment, never argv", () => {
    const pf = join(dir, "pw.txt");
    writeFileSync(pf, "from-file\n");
    assert.equal(resolvePassword({ passwordFile: pf, env: {} }), "from-file");
    assert.equal(resolvePassword({ env: { STUN_KEYSTORE_PASSWORD_FILE: pf } }), "from-file");
    assert.equal(resolvePassword({ env: { STUN_KEYSTORE_PASSWORD: "from-env" } }), "from-env");
    assert.throws(() => resolvePassword({ env: {} }), KeystoreError);
  });

  it("logs are one JSON object per line and redact registered secrets", () => {
    const lines: string[] = [];
    const log = createLogger({ level: "debug", write: (l) => lines.push(l) });
    const w = HDNodeWallet.fromMnemonic(Mnemonic.fromPhrase(DEVNET_MNEMONIC));
    log.addSecret(w.privateKey);
    log.addSecret(DEVNET_MNEMONIC);
    log.info("oops", { key: w.privateKey, bare: w.privateKey.slice(2), phrase: DEVNET_MNEMONIC, n: 5n, err: new Error("x") });
    log.debug("plain", {});
    assert.equal(lines.length, 2);
    for (const l of lines) {
      const o = JSON.parse(l) as Record<string, unknown>;
      assert.deepEqual(Object.keys(o), ["ts", "level", "msg", "fields"]);
    }
    const all = lines.join("\n");
    assert.ok(!all.includes(w.privateKey.slice(2)));
    assert.ok(!all.includes(DEVNET_MNEMONIC));
    assert.match(all, /\[REDACTED\]/);
    assert.match(all, /"n":"5"/);
  });
});
