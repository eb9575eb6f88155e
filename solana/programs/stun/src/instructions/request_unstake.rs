//! request_unstake: stake to unbonding (still slashable).
use super::provider_common::load_own;
use crate::errors::Result;
use crate::events::Event;
use crate::generated::event;
use crate::guards::{self, next};
use crate::state::{load, Config};
use crate::util::{add, now, Args};
use crate::{require, Ctx};

/// request_unstake(amount): moves stake to unbonding; withdrawable after unbondingPeriod. Unbonding stake stays
/// slashable. A new request restarts the clock for the whole unbonding amount.
#[inline(never)]
pub fn process(cx: &Ctx) -> Result<()> {
    let (program_id, accounts, data) = (cx.program_id, cx.accounts, cx.data);
    let it = &mut accounts.iter();
    let (config_acc, provider, authority) = (next(it)?, next(it)?, next(it)?);
    let mut a = Args::new(data);
    let amount = a.u64()?;
    a.finish()?;
    guards::writable(provider)?;
    let c = load::<Config>(config_acc, program_id)?;
    let p = load_own(provider, authority, program_id)?;
    require!(amount > 0, ZeroAmount);
    require!(amount <= p.stake, InsufficientStake);
    p.stake -= amount;
    p.unbonding = add(p.unbonding, amount)?;
    let unlock = now()? + c.params.unbonding_period as i64;
    p.unlock_at = unlock;
    Event::new(event::UNSTAKE_REQUESTED).key(authority.address()).u64(amount).i64(unlock).emit();
    Ok(())
}
