use super::AccountState;
use crate::generated::account;
use pinocchio::Address;

#[repr(C, packed)]
#[derive(Clone, Copy, Default)]
pub struct Specs {
    pub gpu_memory: u32,
    pub compute_capability: u32,
    pub gpu_count: u32,
    pub region: u32,
}

/// PDA ["provider", authority]. Stake (STUN) sits in the stake vault; `earned` lamports sit in this account.
#[repr(C, packed)]
pub struct Provider {
    pub authority: Address,
    pub bump: u8,
    pub active: u8,
    pub specs: Specs,
    pub stake: u64,
    pub unbonding: u64,
    pub unlock_at: i64,
    pub earned: u64,
    pub reputation: u16,
    pub successes: u32,
    pub wrong_results: u32,
    pub no_shows: u32,
    pub total_latency: u64,
}

impl AccountState for Provider {
    const DISC: [u8; 8] = account::PROVIDER;
}

/// Reputation (same constants as evm/contracts/registry/ReputationRegistry.sol).
pub const INITIAL_SCORE: u16 = 5000;
pub const MAX_SCORE: u16 = 10_000;
pub const SUCCESS_GAIN: u16 = 100;
pub const SLOW_SUCCESS_GAIN: u16 = 50;
pub const FAST_LATENCY: i64 = 3600;
pub const WRONG_PENALTY: u16 = 1000;
pub const NO_SHOW_PENALTY: u16 = 500;

/// Slash reasons (the `reason` field of `Slashed`).
pub const REASON_WRONG_RESULT: u8 = 0;
pub const REASON_NO_SHOW: u8 = 1;
pub const REASON_FAILED_AUDIT: u8 = 2;
pub const REASON_LOST_DISPUTE: u8 = 3;
