//! Groth16 verification on BN254 with the alt_bn128 syscalls (EIP-196/197 big-endian encoding, as the
//! groth16-solana crate and circuits/src/encoding.ts `encodeSolanaProof`).
//! proof = -A (G1, 64) || B (G2, 128) || C (G1, 64); the client negates A so the check is one product:
//!   e(-A, B) * e(alpha, beta) * e(vk_x, gamma) * e(C, delta) == 1,  vk_x = IC0 + sum(input_i * IC_{i+1}).
use crate::errors::{fail, Result, StunError};
use crate::util::lt_be;
use crate::vk;

/// BN254 scalar field r (public inputs must be below it).
pub const SCALAR_FIELD: [u8; 32] = [
    48, 100, 78, 114, 225, 49, 160, 41, 184, 80, 69, 182, 129, 129, 88, 93, 40, 51, 232, 72, 121, 185, 112, 145, 67,
    225, 245, 147, 240, 0, 0, 1,
];
/// BN254 base field q (proof coordinates must be below it: no aliasing of a coordinate by +q).
pub const BASE_FIELD: [u8; 32] = [
    48, 100, 78, 114, 225, 49, 160, 41, 184, 80, 69, 182, 129, 129, 88, 93, 151, 129, 106, 145, 104, 113, 202, 141, 60,
    32, 140, 22, 216, 124, 253, 71,
];

const OP_ADD: u64 = 0;
const OP_MUL: u64 = 2;
const OP_PAIRING: u64 = 3;

#[inline(always)]
fn group_op(op: u64, input: &[u8], out: &mut [u8]) -> Result<()> {
    #[cfg(any(target_os = "solana", target_arch = "bpf"))]
    {
        let rc = unsafe { pinocchio::syscalls::sol_alt_bn128_group_op(op, input.as_ptr(), input.len() as u64, out.as_mut_ptr()) };
        if rc != 0 {
            return Err(fail(StunError::InvalidProof));
        }
    }
    #[cfg(not(any(target_os = "solana", target_arch = "bpf")))]
    let _ = (op, input, out);
    Ok(())
}

fn word(b: &[u8], off: usize) -> &[u8; 32] {
    b[off..off + 32].try_into().unwrap()
}

/// Verifies `proof` (256 bytes) against the result_commitment key with 3 public inputs (32-byte big-endian).
pub fn verify(proof: &[u8; 256], inputs: &[[u8; 32]; vk::NR_PUBINPUTS]) -> Result<()> {
    let mut i = 0;
    while i < 8 {
        if !lt_be(word(proof, i * 32), &BASE_FIELD) {
            return Err(fail(StunError::ProofCoordinateNotInField));
        }
        i += 1;
    }
    // vk_x = IC0 + sum(input_i * IC_{i+1})
    let mut acc = [0u8; 128]; // acc[0..64] = running sum, acc[64..128] = term
    let mut k = 0;
    while k < 64 {
        acc[k] = vk::IC[0][k];
        k += 1;
    }
    let mut j = 0;
    while j < vk::NR_PUBINPUTS {
        if !lt_be(&inputs[j], &SCALAR_FIELD) {
            return Err(fail(StunError::PublicInputNotInField));
        }
        let mut mul_in = [0u8; 96];
        let mut k = 0;
        while k < 64 {
            mul_in[k] = vk::IC[j + 1][k];
            k += 1;
        }
        while k < 96 {
            mul_in[k] = inputs[j][k - 64];
            k += 1;
        }
        let mut term = [0u8; 64];
        group_op(OP_MUL, &mul_in, &mut term)?;
        let mut k = 0;
        while k < 64 {
            acc[64 + k] = term[k];
            k += 1;
        }
        let mut sum = [0u8; 64];
        group_op(OP_ADD, &acc, &mut sum)?;
        let mut k = 0;
        while k < 64 {
            acc[k] = sum[k];
            k += 1;
        }
        j += 1;
    }
    // pairing input: (-A, B) (alpha, beta) (vk_x, gamma) (C, delta)
    let mut p = [0u8; 768];
    let mut put = |off: usize, src: &[u8]| {
        let mut k = 0;
        while k < src.len() {
            p[off + k] = src[k];
            k += 1;
        }
    };
    put(0, &proof[0..64]);
    put(64, &proof[64..192]);
    put(192, &vk::ALPHA_G1);
    put(256, &vk::BETA_G2);
    put(384, &acc[0..64]);
    put(448, &vk::GAMMA_G2);
    put(576, &proof[192..256]);
    put(640, &vk::DELTA_G2);
    let mut out = [0u8; 32];
    group_op(OP_PAIRING, &p, &mut out)?;
    let mut ok = out[31] == 1;
    let mut k = 0;
    while k < 31 {
        ok &= out[k] == 0;
        k += 1;
    }
    if !ok {
        return Err(fail(StunError::InvalidProof));
    }
    Ok(())
}
