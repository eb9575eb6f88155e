/** StunClient against a real hardhat node: upload, submit (ETH, USDC), status, cancel, wait, verified output, named errors. */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import { ComputeMarketplace__factory } from "../../types/ethers-contracts/index.js";
import { BlobClient } from "../src/blobstore/client.js";
import { EvmAdapter, jsonRpcProvider } from "../src/chain/evm.js";
import { StunClient } from "../src/client.js";
import { DEVNET_ROLES, devnetProvider, devnetWallet } from "../src/devnet-accounts.js";
import { ContractRevertError, QuoteError, ResultMismatchError, TaskCancelledError, decodeError } from "../src/errors.js";
import { encodeOutput, outputRef, quantize, resultHashOf } from "../src/result.js";
import { mockProof, startDevchain, type Devchain } from "./helpers/devchain.js";

let chain: Devchain;
let client: StunClient;

before(async () => {
  chain = await startDevchain({ port: 18746, providers: 3 });
  const provider = jsonRpcProvider(chain.rpcUrl, chain.deployment.chainId);
  client = new StunClient({
    adapter: new EvmAdapter(chain.deployment, { signer: devnetWallet(DEVNET_ROLES.requester).connect(provider) }),
    blobStore: chain.blobs.url,
    pollIntervalMs: 100,
  });
});
after(async () => {
  await chain?.stop();
});

describe("StunClient", () => {
  let modelId: string;

  it("uploads and registers a model (idempotent)", async () => {
    const model = new TextEncoder().encode("fake onnx model bytes");
    const first = await client.uploadModel(model);
    modelId = first.modelId;
    assert.ok(first.tx, "first upload registers");
    const again = await client.uploadModel(model);
    assert.equal(again.modelId, modelId);
    assert.equal(again.tx, undefined, "second upload does not send a transaction");
    assert.equal(await client.adapter.modelCreator(modelId), devnetWallet(DEVNET_ROLES.requester).address);
  });

  it("submits, reads status, cancels; a second cancel decodes InvalidState", async () => {
    const stages: string[] = [];
    const task = await client.submitTask({
      modelId,
      input: [1, 2, 3],
      requirements: { gpuMemory: 16, computeCapability: 80, privacy: "none" },
      redundancy: 1,
      reward: 10n ** 15n,
      deadline: 600,
      onProgress: (s) => stages.push(s),
    });
    assert.deepEqual(stages, ["uploadInput", "submit", "submitted"]);
    const st = await task.status();
    assert.equal(st.status, "Submitted");
    assert.equal(st.reward, 10n ** 15n);
    const details = await client.adapter.getTaskDetails(task.taskId);
    assert.equal(details?.taskHash, task.taskHash);
    assert.equal(details?.requirements.gpuMemory, 16);
    await task.cancel();
    await assert.rejects(task.wait(), TaskCancelledError);
    await assert.rejects(task.cancel(), (e: unknown) => {
      assert.ok(e instanceof ContractRevertError);
      assert.equal(e.name, "InvalidState");
      assert.equal(e.args.taskId, task.taskId);
      return true;
    });
  });

  it("decodes NotRequester, InvalidRedundancy and RewardTooLarge", async () => {
    const task = await client.submitTask({ modelId, input: [0.5], reward: 1000n, token: "USDC", deadline: 600 });
    assert.equal((await task.status()).token, client.adapter.resolveToken("USDC"));
    const other = new EvmAdapter(chain.deployment, { signer: devnetWallet(DEVNET_ROLES.creator).connect(jsonRpcProvider(chain.rpcUrl, 31337)) });
    await assert.rejects(other.cancelTask(task.taskId), { name: "NotRequester" });
    await assert.rejects(client.submitTask({ modelId, input: [1], reward: 1n, redundancy: 5 }), { name: "InvalidRedundancy" });
    await assert.rejects(client.submitTask({ modelId, input: [1], reward: 2n ** 100n, token: "USDC" }), { name: "RewardTooLarge" });
  });

  it("without a reward and without a keeper, refuses with QuoteUnavailable", async () => {
    await assert.rejects(client.submitTask({ modelId, input: [1] }), (e: unknown) => e instanceof QuoteError && e.name === "QuoteUnavailable");
  });

  it("round trip: assigned, result, finalized; wait() resolves and getOutput() verifies the hash", async () => {
    const task = await client.submitTask({ modelId, input: [1, 2], reward: 10n ** 15n, deadline: 3600 });
    const provider = jsonRpcProvider(chain.rpcUrl, 31337);
    const p = devnetProvider(0).connect(provider);
    const keeper = ComputeMarketplace__factory.connect(chain.deployment.contracts.computeMarketplace ?? "", devnetWallet(DEVNET_ROLES.keeper).connect(provider));
    await (await keeper.assignProviders(task.taskId, [p.address])).wait();
    const output = quantize([0.25, -1.5], [2]);
    const rh = resultHashOf(output, 31337, client.adapter.marketplaceAddress, task.taskId);
    const blobs = new BlobClient(chain.blobs.url);
    // A tampered output first: getOutput must refuse it.
    const bad = await blobs.put(encodeOutput(quantize([9, 9], [2])));
    await blobs.setRef(outputRef(31337, task.taskId, p.address), bad);
    await (await keeper.connect(p).submitResult(task.taskId, rh, mockProof(task.taskId, rh, p.address))).wait();
    assert.equal((await task.status()).status, "Challengeable");
    await assert.rejects(task.getOutput(), ResultMismatchError);
    await blobs.setRef(outputRef(31337, task.taskId, p.address), await blobs.put(encodeOutput(output)));
    await chain.advance(86_400 + 1);
    const seen: string[] = [];
    const waiting = task.wait({ onProgress: (s) => seen.push(s), timeoutMs: 20_000 });
    await (await keeper.finalizeTask(task.taskId)).wait();
    const done = await waiting;
    assert.equal(done.status, "Finalized");
    assert.ok(seen.includes("Finalized"));
    const out = await task.getOutput();
    assert.deepEqual(out.output, output);
    assert.equal(out.provider, p.address);
  });

  it("decodeError leaves non-revert errors alone", () => {
    const e = new Error("plain");
    assert.equal(decodeError(e), e);
  });
});
