use super::AccountState;
use crate::generated::account;

pub const MAX_VALIDATORS: usize = 8;

/// PDA ["bridge"]: the validator set (ed25519 keys, strictly ascending), the previous set until it expires, the
/// outbound nonce and the inbound rate limit.
#[repr(C, packed)]
pub struct Bridge {
    pub bump: u8,
    pub threshold: u8,
    pub count: u8,
    pub old_threshold: u8,
    pub old_count: u8,
    pub set_version: u32,
    pub old_expires_at: i64,
    pub hub_token: [u8; 32],
    pub validators: [[u8; 32]; MAX_VALIDATORS],
    pub old_validators: [[u8; 32]; MAX_VALIDATORS],
    pub outbound_nonce: u64,
    pub rate_limit: u64,
    pub rate_window: u32,
    pub window_start: i64,
    pub window_used: u64,
}

impl AccountState for Bridge {
    const DISC: [u8; 8] = account::BRIDGE;
}

/// PDA ["nonce", srcChain u32 BE, nonce u64 BE]: its existence marks the message consumed.
#[repr(C, packed)]
pub struct Nonce {
    pub src_chain: u32,
    pub nonce: u64,
}

impl AccountState for Nonce {
    const DISC: [u8; 8] = account::NONCE;
}
