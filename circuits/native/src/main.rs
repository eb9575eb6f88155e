//! stun-prover: a long-lived native Groth16 (BN254) prover sidecar for the STUN circuits.
//!
//! Usage: `stun-prover <circuit.zkey>` (a snarkjs zkey). The zkey is parsed once; then, for every request on stdin,
//! a frame `u32 LE n` followed by `n` witness values of 32 bytes each (little-endian, canonical, index 0 = 1) as the
//! circom witness calculator produces them, it writes one line of JSON with the proof in snarkjs's format
//! (`pi_a`, `pi_b`, `pi_c`, decimal strings) or `{"error": "..."}`. Proofs use snarkjs's QAP reduction
//! (ark-circom `CircomReduction`), so snarkjs and the Solidity verifiers accept them.
use std::fs::File;
use std::io::{self, BufReader, Read, Write};

use ark_bn254::{Bn254, Fr, G1Affine, G2Affine};
mod qap;
mod zkey;

use qap::CircomReduction;
use zkey::read_zkey;
use ark_ff::{PrimeField, UniformRand};
use ark_groth16::Groth16;

fn g1(p: &G1Affine) -> String {
    format!("[\"{}\",\"{}\",\"1\"]", p.x, p.y)
}

fn g2(p: &G2Affine) -> String {
    format!(
        "[[\"{}\",\"{}\"],[\"{}\",\"{}\"],[\"1\",\"0\"]]",
        p.x.c0, p.x.c1, p.y.c0, p.y.c1
    )
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: stun-prover <circuit.zkey>")?;
    let mut reader = BufReader::new(File::open(&path)?);
    let (pk, matrices) = read_zkey(&mut reader)?;
    let num_inputs = matrices.num_instance_variables;
    let num_constraints = matrices.num_constraints;
    // ark-circom counts the constant "one" in both instance and witness variables.
    let num_vars = num_inputs + matrices.num_witness_variables - 1;

    let stdin = io::stdin();
    let mut input = stdin.lock();
    let stdout = io::stdout();
    let mut out = stdout.lock();
    writeln!(out, "{{\"ready\":true,\"nVars\":{},\"nPublic\":{}}}", num_vars, num_inputs - 1)?;
    out.flush()?;

    let mut rng = rand::thread_rng();
    let mut len = [0u8; 4];
    let mut buf = Vec::new();
    loop {
        if input.read_exact(&mut len).is_err() {
            return Ok(()); // stdin closed: exit
        }
        let n = u32::from_le_bytes(len) as usize;
        buf.resize(n * 32, 0);
        input.read_exact(&mut buf)?;
        if n != num_vars {
            writeln!(out, "{{\"error\":\"witness has {} values, expected {}\"}}", n, num_vars)?;
            out.flush()?;
            continue;
        }
        let witness: Vec<Fr> = buf.chunks_exact(32).map(Fr::from_le_bytes_mod_order).collect();
        let r = Fr::rand(&mut rng);
        let s = Fr::rand(&mut rng);
        match Groth16::<Bn254, CircomReduction>::create_proof_with_reduction_and_matrices(
            &pk,
            r,
            s,
            &matrices,
            num_inputs,
            num_constraints,
            &witness,
        ) {
            Ok(proof) => writeln!(
                out,
                "{{\"pi_a\":{},\"pi_b\":{},\"pi_c\":{},\"protocol\":\"groth16\",\"curve\":\"bn128\"}}",
                g1(&proof.a),
                g2(&proof.b),
                g1(&proof.c)
            )?,
            Err(e) => writeln!(out, "{{\"error\":\"{:?}\"}}", e)?,
        }
        out.flush()?;
    }
}
