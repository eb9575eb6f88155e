use super::AccountState;
use crate::generated::account;
use pinocchio::Address;

/// Governance parameters (docs/protocol.md "Parameters"); bounds in `Params::check`.
#[repr(C, packed)]
#[derive(Clone, Copy, Default)]
pub struct Params {
    pub min_stake: u64,
    pub unbonding_period: u64,
    pub challenge_period: u32,
    pub accept_window: u32,
    pub slash_bps_wrong_result: u16,
    pub slash_bps_no_show: u16,
    pub audit_rate_bps: u16,
    pub dispute_bond_bps: u16,
    pub provider_bps: u16,
    pub treasury_bps: u16,
    pub creator_bps: u16,
    pub challenger_share_bps: u16,
    pub max_redundancy: u8,
}

#[repr(C, packed)]
#[derive(Clone, Copy)]
pub struct Roles {
    pub treasury: Address,
    pub guardian: Address,
    pub matcher: Address,
    pub auditor: Address,
}

/// PDA ["config"].
#[repr(C, packed)]
pub struct Config {
    pub bump: u8,
    pub paused: u8,
    pub mint_bump: u8,
    pub vault_bump: u8,
    pub params: Params,
    pub roles: Roles,
    pub mint: Address,
    pub task_count: u64,
    /// Lamports held by this account on behalf of the treasury (pull payment, `withdraw_treasury`).
    pub treasury_accrued: u64,
    /// Slashed STUN held in the stake vault on behalf of the treasury.
    pub treasury_stun: u64,
    pub last_unpaused_at: i64,
}

impl AccountState for Config {
    const DISC: [u8; 8] = account::CONFIG;
}
