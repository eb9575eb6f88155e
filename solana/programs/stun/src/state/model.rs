use super::AccountState;
use crate::generated::account;
use pinocchio::Address;

/// PDA ["model", model_id]. `earned` lamports (creator share) sit in this account until withdrawn.
#[repr(C, packed)]
pub struct Model {
    pub model_id: [u8; 32],
    pub creator: Address,
    pub earned: u64,
    pub bump: u8,
}

impl AccountState for Model {
    const DISC: [u8; 8] = account::MODEL;
}
