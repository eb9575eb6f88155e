import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { Interface, encodeBytes32String } from "ethers";

import { ComputeMarketplace__factory } from "../../types/ethers-contracts/index.js";
import { parseAmount, parseInput } from "../src/cli/context.js";
import { bytes4ToRegion, regionToBytes4 } from "../src/chain/evm.js";
import { ContractRevertError, ParameterOutOfBoundsError, RpcError, UnknownParameterError, UnknownRevertError, decodeError, isTransientRpcError } from "../src/errors.js";
import { checkFeeSplit, checkParameter } from "../src/params.js";
import { withRetry } from "../src/retry.js";

describe("parameter bounds (mirror of the contracts)", () => {
  it("accepts values on the bounds, refuses outside with named errors", () => {
    assert.equal(checkParameter("challengePeriod", 60n).contract, "computeMarketplace");
    assert.equal(checkParameter("minStake", 10n ** 18n).contract, "providerRegistry");
    assert.throws(() => checkParameter("challengePeriod", 59n), ParameterOutOfBoundsError);
    assert.throws(() => checkParameter("maxRedundancy", 4n), { name: "ParameterOutOfBounds" });
    assert.throws(() => checkParameter("nope", 1n), UnknownParameterError);
    checkFeeSplit(8000n, 1500n, 500n);
    assert.throws(() => checkFeeSplit(8000n, 1500n, 600n), { name: "ParameterOutOfBounds", message: /feeSplitSum/ });
    assert.throws(() => checkFeeSplit(9600n, 400n, 0n), { message: /providerBps/ });
  });
});

describe("error decoding", () => {
  const iface = new Interface(ComputeMarketplace__factory.abi);
  it("decodes a custom error from nested ethers error data", () => {
    const data = iface.encodeErrorResult("ParameterOutOfBounds", [encodeBytes32String("x"), 5n, 60n, 100n]);
    const e = decodeError({ code: "CALL_EXCEPTION", info: { error: { data } } });
    assert.ok(e instanceof ContractRevertError);
    assert.equal(e.name, "ParameterOutOfBounds");
    assert.equal(e.args.value, 5n);
  });
  it("unknown selectors and bare reverts become UnknownRevert; transport errors RpcError", () => {
    assert.ok(decodeError({ data: "0xdeadbeef00" }) instanceof UnknownRevertError);
    assert.ok(decodeError({ code: "CALL_EXCEPTION" }) instanceof UnknownRevertError);
    assert.ok(decodeError({ code: "ECONNREFUSED", message: "connect ECONNREFUSED" }) instanceof RpcError);
    assert.ok(isTransientRpcError(new Error("fetch failed")));
  });
  it("withRetry retries transient errors a bounded number of times, never reverts", async () => {
    let n = 0;
    await assert.rejects(
      withRetry(async () => {
        n++;
        throw Object.assign(new Error("socket hang up"), { code: "ECONNRESET" });
      }, { attempts: 3, baseDelayMs: 1 }),
      RpcError,
    );
    assert.equal(n, 3);
    n = 0;
    const data = iface.encodeErrorResult("ZeroReward", []);
    await assert.rejects(withRetry(async () => { n++; throw { data }; }, { attempts: 3, baseDelayMs: 1 }), { name: "ZeroReward" });
    assert.equal(n, 1);
    let k = 0;
    assert.equal(await withRetry(async () => (++k < 2 ? Promise.reject(new Error("fetch failed")) : "ok"), { baseDelayMs: 1 }), "ok");
  });
});

describe("CLI argument parsing", () => {
  it("amounts with units, inputs, regions", () => {
    assert.equal(parseAmount("1000"), 1000n);
    assert.equal(parseAmount("0.01eth"), 10n ** 16n);
    assert.equal(parseAmount("2000STUN"), 2000n * 10n ** 18n);
    assert.equal(parseAmount("5usdc"), 5_000_000n);
    assert.throws(() => parseAmount("1.5"), { name: "InvalidArgument" });
    assert.deepEqual(parseInput("[1, 2.5]"), [1, 2.5]);
    assert.deepEqual(parseInput('{"input": [3]}'), [3]);
    assert.throws(() => parseInput('["a"]'), { name: "InvalidArgument" });
    assert.equal(regionToBytes4("EU1"), "0x45553100");
    assert.equal(bytes4ToRegion("0x45553100"), "EU1");
    assert.throws(() => regionToBytes4("EUROPE"), { name: "InvalidArgument" });
  });
});
