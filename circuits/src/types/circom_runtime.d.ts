declare module "circom_runtime" {
  export interface WitnessCalculator {
    circom_version(): number;
    calculateWTNSBin(input: Record<string, unknown>, sanityCheck?: boolean): Promise<Uint8Array>;
    calculateWitness(input: Record<string, unknown>, sanityCheck?: boolean): Promise<bigint[]>;
  }
  export function WitnessCalculatorBuilder(
    code: Uint8Array | WebAssembly.Module,
    options?: { logOutput?: boolean; sanityCheck?: boolean },
  ): Promise<WitnessCalculator>;
}
