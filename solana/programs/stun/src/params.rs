//! Parameter parsing and bounds (the same bounds as evm/contracts/marketplace/MarketplaceParams.sol where both
//! chains have the parameter). Out of bounds: ParameterOutOfBounds, with the parameter's name logged.
use crate::errors::{fail, Result, StunError};
use crate::state::{Params, Roles};
use crate::util::{log, Args};
use pinocchio::Address;

const DAY: u64 = 86_400;

#[inline(always)]
fn bound(name: &[u8], v: u64, lo: u64, hi: u64) -> Result<()> {
    if v < lo || v > hi {
        log(name);
        return Err(fail(StunError::ParameterOutOfBounds));
    }
    Ok(())
}

pub fn read_params(a: &mut Args) -> Result<Params> {
    Ok(Params {
        min_stake: a.u64()?,
        unbonding_period: a.u64()?,
        challenge_period: a.u32()?,
        accept_window: a.u32()?,
        slash_bps_wrong_result: a.u16()?,
        slash_bps_no_show: a.u16()?,
        audit_rate_bps: a.u16()?,
        dispute_bond_bps: a.u16()?,
        provider_bps: a.u16()?,
        treasury_bps: a.u16()?,
        creator_bps: a.u16()?,
        challenger_share_bps: a.u16()?,
        max_redundancy: a.u8()?,
    })
}

pub fn read_roles(a: &mut Args) -> Result<Roles> {
    Ok(Roles {
        treasury: Address::new_from_array(a.bytes32()?),
        guardian: Address::new_from_array(a.bytes32()?),
        matcher: Address::new_from_array(a.bytes32()?),
        auditor: Address::new_from_array(a.bytes32()?),
    })
}

pub fn check(p: &Params) -> Result<()> {
    bound(b"minStake", p.min_stake, 1, u64::MAX)?;
    bound(b"unbondingPeriod", p.unbonding_period, 60, 90 * DAY)?;
    bound(b"challengePeriod", p.challenge_period as u64, 60, 30 * DAY)?;
    bound(b"acceptWindow", p.accept_window as u64, 60, DAY)?;
    bound(b"slashBpsWrongResult", p.slash_bps_wrong_result as u64, 100, 10_000)?;
    bound(b"slashBpsNoShow", p.slash_bps_no_show as u64, 10, 5000)?;
    bound(b"auditRateBps", p.audit_rate_bps as u64, 0, 10_000)?;
    bound(b"disputeBondBps", p.dispute_bond_bps as u64, 100, 10_000)?;
    bound(b"providerBps", p.provider_bps as u64, 5000, 9500)?;
    bound(b"treasuryBps", p.treasury_bps as u64, 0, 5000)?;
    bound(b"creatorBps", p.creator_bps as u64, 0, 2000)?;
    bound(b"challengerShareBps", p.challenger_share_bps as u64, 0, 10_000)?;
    bound(b"maxRedundancy", p.max_redundancy as u64, 1, 3)?;
    let sum = p.provider_bps as u64 + p.treasury_bps as u64 + p.creator_bps as u64;
    bound(b"feeSplitSum", sum, 10_000, 10_000)
}
