/**
 * One full r=3 lifecycle against the real Groth16 ResultVerifier (evm/contracts/zk) with real result_commitment
 * proofs from circuits' Prover (needs `npm run setup -w circuits`). A proof is bound to (taskId, resultHash,
 * provider): provider B cannot submit provider A's proof.
 */
import { expect } from "chai";
import { network } from "hardhat";
import { Prover, resultCommitmentInput } from "../../circuits/src/index.js";
import { deployFixture, noReq } from "./helpers/fixture.js";

const { ethers, networkHelpers } = await network.create();
const { time } = networkHelpers;
const ETH = ethers.ZeroAddress;

describe("ComputeMarketplace with the real ResultVerifier and real proofs", function () {
  this.timeout(300_000);
  let prover: Prover;
  before(async () => {
    prover = await Prover.load("result_commitment");
  });
  after(async () => prover.close());

  it("r=3: a copied proof is refused (InvalidProof, nothing changes); three real proofs finalize and pay", async function () {
    const real = await ethers.deployContract("ResultVerifier");
    const f = await deployFixture(ethers, { verifier: await real.getAddress() });
    const m = f.computeMarketplace;
    expect(await m.verifier()).to.equal(await real.getAddress());
    const reward = ethers.parseEther("3");
    const id = await m.nextTaskId();
    const deadline = (await time.latest()) + 3600;
    const ps = [f.p1, f.p2, f.p3];
    const result = Array.from({ length: 16 }, (_, i) => BigInt(i) * 7n + 1n);
    const proofs = [];
    for (const p of ps) {
      const { input, publicSignals } = resultCommitmentInput({ taskId: id, provider: p.address, result, salt: 4242n });
      const { calldata } = await prover.prove(input);
      proofs.push({ hash: ethers.toBeHex(publicSignals[1]!, 32), calldata });
    }
    expect(proofs[0]!.hash).to.equal(proofs[1]!.hash); // same result and salt -> same commitment
    await m.connect(f.requester).submitTaskWith(
      { taskHash: ethers.id("in"), modelId: ethers.ZeroHash, token: ETH, reward, deadline, redundancy: 3, requirements: noReq },
      { value: reward },
    );
    await m.connect(f.matcher).assignProviders(id, ps.map((p) => p.address));

    // B submits A's proof: bound to A's address, so the pairing check fails
    const escrow = await ethers.provider.getBalance(await m.getAddress());
    await expect(m.connect(f.p2).submitResult(id, proofs[0]!.hash, proofs[0]!.calldata)).to.be.revertedWithCustomError(m, "InvalidProof");
    // ... and A's own proof for another task id or another result hash fails too
    await expect(m.connect(f.p1).submitResult(id, ethers.toBeHex(BigInt(proofs[0]!.hash) ^ 1n, 32), proofs[0]!.calldata)).to.be.revertedWithCustomError(m, "InvalidProof");
    const t = await m.getTask(id);
    expect(t.status).to.equal(2n);
    expect(t.resultCounts).to.equal(0n);
    const [assignments] = await m.getAssignments(id);
    for (const a of assignments) expect(a.state).to.equal(0n);
    expect(await ethers.provider.getBalance(await m.getAddress())).to.equal(escrow);
    for (const p of ps) expect(await m.credits(p.address, ETH)).to.equal(0n);

    for (const [i, p] of ps.entries()) {
      await expect(m.connect(p).submitResult(id, proofs[i]!.hash, proofs[i]!.calldata))
        .to.emit(m, "ResultSubmitted").withArgs(id, p.address, proofs[i]!.hash);
    }
    expect((await m.getTask(id)).status).to.equal(5n); // Challengeable (audits off in the fixture)
    await time.increase(86400);
    const each = (reward * 8000n) / 10000n / 3n;
    await expect(m.finalizeTask(id)).to.emit(m, "PaymentSplit").withArgs(id, each, reward - 3n * each, 0n)
      .and.to.emit(m, "TaskFinalized").withArgs(id);
    for (const p of ps) {
      await expect(m.connect(p).withdraw(ETH)).to.changeEtherBalance(ethers, p, each);
    }
  });
});
