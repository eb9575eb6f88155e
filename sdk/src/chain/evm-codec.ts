/**
 * Encoding between the SDK's chain-neutral types and the EVM contracts' ABI values: regions (bytes4), privacy
 * levels, task requirements, GPU model names (bytes32). Re-exported by evm.ts.
 */
import { decodeBytes32String, encodeBytes32String, hexlify, toUtf8Bytes, zeroPadBytes } from "ethers";

import { InvalidArgumentError } from "../errors.js";
import { PRIVACY_LEVELS, type FullRequirements, type PrivacyName, type Requirements } from "./adapter.js";

export const regionToBytes4 = (region: string): string => {
  if (region.length > 4 || !/^[\x20-\x7e]*$/.test(region)) throw new InvalidArgumentError(`region "${region}" must be at most 4 ASCII characters`);
  return zeroPadBytes(hexlify(toUtf8Bytes(region)), 4);
};
export const bytes4ToRegion = (b: string): string => Buffer.from(b.slice(2), "hex").toString("utf8").replace(/\0+$/, "");

export function privacyIndex(p: PrivacyName | undefined): number {
  const i = PRIVACY_LEVELS.indexOf(p ?? "none");
  if (i < 0) throw new InvalidArgumentError(`privacy "${String(p)}" is not one of ${PRIVACY_LEVELS.join(", ")}`);
  return i;
}

export function encodeRequirements(r: Requirements) {
  return {
    maxPrice: r.maxPrice ?? 0n,
    gpuMemory: r.gpuMemory ?? 0,
    computeCapability: r.computeCapability ?? 0,
    gpuCount: r.gpuCount ?? 0,
    privacy: privacyIndex(r.privacy),
    region: regionToBytes4(r.region ?? ""),
  };
}

export function decodeRequirements(r: { maxPrice: bigint; gpuMemory: bigint; computeCapability: bigint; gpuCount: bigint; privacy: bigint; region: string }): FullRequirements {
  return {
    maxPrice: r.maxPrice,
    gpuMemory: Number(r.gpuMemory),
    computeCapability: Number(r.computeCapability),
    gpuCount: Number(r.gpuCount),
    privacy: PRIVACY_LEVELS[Number(r.privacy)] ?? "none",
    region: bytes4ToRegion(r.region),
  };
}

export const gpuModelBytes = (m: string): string => (/^0x[0-9a-fA-F]{64}$/.test(m) ? m : encodeBytes32String(m.slice(0, 31)));
export const gpuModelName = (b: string): string => {
  try {
    return decodeBytes32String(b);
  } catch {
    return b;
  }
};
