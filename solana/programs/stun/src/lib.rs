//! STUN's Solana spoke: marketplace (SOL escrow), staking with unbonding and slashing, reputation, Groth16 result
//! proofs (alt_bn128 syscalls), the governance executor and the bridge end. `#![no_std]` on pinocchio, built
//! offline with upstream LLVM (scripts/build-sbf.sh); the interface is idl/stun.json (scripts/gen-idl.mjs).
#![no_std]
#![allow(clippy::too_many_arguments)]

pub mod errors;
pub mod events;
pub mod generated;
pub mod groth16;
pub mod guards;
pub mod instructions;
pub mod params;
pub mod state;
pub mod util;
pub mod vk;

use pinocchio::{AccountView, Address, ProgramResult};

#[cfg(any(target_os = "solana", target_arch = "bpf"))]
mod entry {
    use pinocchio::{no_allocator, nostd_panic_handler, program_entrypoint};
    // at most 64 accounts per instruction: keeps the entrypoint frame small (the remaining accounts are <= 3)
    program_entrypoint!(super::process_instruction, 64);
    no_allocator!();
    nostd_panic_handler!();
}

/// Everything a handler needs, passed by reference: upstream BPF allows at most 5 argument registers and no
/// stack arguments, and a slice takes two.
pub struct Ctx<'a> {
    pub program_id: &'a Address,
    pub accounts: &'a [AccountView],
    pub data: &'a [u8],
}

#[inline(always)]
pub fn process_instruction(program_id: &Address, accounts: &mut [AccountView], data: &[u8]) -> ProgramResult {
    instructions::dispatch(program_id, accounts, data)
}
