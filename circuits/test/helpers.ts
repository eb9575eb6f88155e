/** Shared helpers for the circuit tests (node:test). Run `npm run setup -w circuits` first. */
import { readFileSync } from "node:fs";

import { WitnessCalculatorBuilder, type WitnessCalculator } from "circom_runtime";

import type { CurveName } from "../src/fields.js";
import { type CircuitName, artifactPaths } from "../src/paths.js";

const calculators = new Map<string, Promise<WitnessCalculator>>();

/** A warm witness calculator for a built circuit. */
export function witnessCalculator(circuit: CircuitName, curve: CurveName = "bn254"): Promise<WitnessCalculator> {
  const key = `${circuit}.${curve}`;
  let wc = calculators.get(key);
  if (wc === undefined) {
    wc = WitnessCalculatorBuilder(readFileSync(artifactPaths(circuit, curve).wasm));
    calculators.set(key, wc);
  }
  return wc;
}

/** Witness index of every named signal (from the .sym file; -1 when the optimizer removed it). */
export function symbols(circuit: CircuitName, curve: CurveName = "bn254"): Map<string, number> {
  const m = new Map<string, number>();
  for (const line of readFileSync(artifactPaths(circuit, curve).sym, "utf8").split("\n")) {
    const [, varIdx, , name] = line.split(",");
    if (name !== undefined) m.set(name, Number(varIdx));
  }
  return m;
}

/** Full witness as bigints (throws "Assert Failed" when the input violates a constraint). */
export async function witness(
  circuit: CircuitName,
  input: Record<string, unknown>,
  curve: CurveName = "bn254",
): Promise<bigint[]> {
  return (await witnessCalculator(circuit, curve)).calculateWitness(input, true);
}
