/** G2 negation of a compressed (ZCash format) BLS12-381 point, hex in and out (gen-vkey.ts, Verifier.spec.ts). */
import { bls12_381 as bls } from '@noble/curves/bls12-381';

export function negG2Hex(hex: string): string {
    return bls.G2.ProjectivePoint.fromHex(hex).negate().toHex(true);
}
