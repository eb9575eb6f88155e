declare module "circomlibjs" {
  interface PoseidonFn {
    (inputs: (bigint | number | string)[]): Uint8Array;
    F: { toObject(v: Uint8Array): bigint };
  }
  export function buildPoseidon(): Promise<PoseidonFn>;
}
