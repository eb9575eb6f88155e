import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";

import { NVIDIA_SMI_ARGS, detectHardware, parseNvidiaSmi, regionCode, specsFromHardware } from "../src/gpu.js";

const fixture = (name: string): string => readFileSync(join(import.meta.dirname, "fixtures", "nvidia-smi", name), "utf8");

describe("nvidia-smi parsing", () => {
  it("parses a single H100", () => {
    const { gpus, rejected } = parseNvidiaSmi(fixture("h100.txt"));
    assert.deepEqual(gpus, [{ index: 0, name: "NVIDIA H100 80GB HBM3", memoryMiB: 81559, computeCapability: 90, driver: "550.54.15" }]);
    assert.deepEqual(rejected, []);
  });

  it("parses multi-GPU output and registers the count with the smallest VRAM", () => {
    const hw = { source: "nvidia-smi" as const, ...parseNvidiaSmi(fixture("4xa100.txt")) };
    assert.equal(hw.gpus.length, 4);
    assert.deepEqual(hw.gpus.map((g) => g.index), [0, 1, 2, 3]);
    const s = specsFromHardware(hw, { region: "EU1" });
    assert.equal(s.gpuCount, 4);
    assert.equal(s.vramGiB, 40);
    assert.equal(s.computeCapability, 80);
    assert.equal(s.region, "0x45553100");
    assert.equal(Buffer.from(s.gpuModel.slice(2), "hex").toString("utf8").replace(/\0+$/, ""), "NVIDIA A100-SXM4-40GB");
  });

  it("handles CRLF and mixed models (registers the most common model, never over-claims)", () => {
    const { gpus } = parseNvidiaSmi(fixture("mixed-crlf.txt"));
    assert.deepEqual(gpus.map((g) => [g.name, g.memoryMiB, g.computeCapability]), [
      ["NVIDIA GeForce RTX 4090", 24564, 89],
      ["Tesla T4", 15360, 75],
    ]);
    const s = specsFromHardware({ source: "nvidia-smi", gpus, rejected: [] });
    assert.equal(s.gpuCount, 1);
  });

  it("rejects garbage, [N/A] and [Not Supported] lines without guessing", () => {
    const { gpus, rejected } = parseNvidiaSmi(fixture("partial-garbage.txt"));
    assert.deepEqual(gpus.map((g) => g.name), ["NVIDIA L4"]);
    assert.equal(rejected.length, 4);
    assert.deepEqual(parseNvidiaSmi(fixture("driver-error.txt")).gpus, []);
    assert.deepEqual(parseNvidiaSmi("").gpus, []);
    assert.deepEqual(parseNvidiaSmi("a, b, c, d\nX, -5, 9.0, 1\nY, 100, 90, 1\nZ, 0, 9.0, 1").gpus, []);
  });

  it("a GPU name containing a comma keeps the fixed trailing columns", () => {
    const { gpus } = parseNvidiaSmi("Weird, Name GPU, 1024, 7.0, 470.1");
    assert.equal(gpus[0]?.name, "Weird, Name GPU");
    assert.equal(gpus[0]?.memoryMiB, 1024);
  });

  it("falls back to CPU when nvidia-smi is missing, fails or reports nothing", async () => {
    const enoent = Object.assign(new Error("spawn nvidia-smi ENOENT"), { code: "ENOENT" });
    const missing = await detectHardware(async () => Promise.reject(enoent));
    assert.equal(missing.source, "cpu");
    assert.equal(missing.reason, "nvidia-smi not found");
    const failing = await detectHardware(async () => Promise.reject(new Error("exit 9")));
    assert.equal(failing.source, "cpu");
    const garbage = await detectHardware(async () => fixture("driver-error.txt"));
    assert.equal(garbage.source, "cpu");
    assert.equal(garbage.rejected.length, 1);
    const cpu = specsFromHardware(garbage);
    assert.deepEqual([cpu.vramGiB, cpu.gpuCount, cpu.computeCapability], [1, 1, 1]);
    let seen: readonly string[] = [];
    const ok = await detectHardware(async (_cmd, args) => {
      seen = args;
      return fixture("h100.txt");
    });
    assert.equal(ok.source, "nvidia-smi");
    assert.deepEqual(seen, NVIDIA_SMI_ARGS);
    assert.equal(regionCode(""), "0x00000000");
  });
});
