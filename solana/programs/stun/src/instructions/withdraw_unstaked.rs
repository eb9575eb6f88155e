//! withdraw_unstaked: the unbonding STUN out of the stake vault after the unbonding period.
use super::initialize::with_config_signer;
use super::provider_common::load_own;
use crate::errors::Result;
use crate::events::Event;
use crate::generated::event;
use crate::guards::{self, next};
use crate::state::{load, Config};
use crate::util::{now, Args};
use crate::{require, Ctx};
use pinocchio_token::instructions::Transfer as TokenTransfer;

/// withdraw_unstaked(): after unlock_at, the unbonding STUN goes to `destination`.
#[inline(never)]
pub fn process(cx: &Ctx) -> Result<()> {
    let (program_id, accounts, data) = (cx.program_id, cx.accounts, cx.data);
    let it = &mut accounts.iter();
    let (config_acc, provider, authority, vault, destination, token) =
        (next(it)?, next(it)?, next(it)?, next(it)?, next(it)?, next(it)?);
    Args::new(data).finish()?;
    guards::token_program(token)?;
    guards::writable(provider)?;
    let c = load::<Config>(config_acc, program_id)?;
    guards::expect_pda_bump(vault, b"stake_vault", c.vault_bump, program_id)?;
    let p = load_own(provider, authority, program_id)?;
    let amount = p.unbonding;
    require!(amount > 0, NothingToWithdraw);
    require!(now()? >= p.unlock_at, UnbondingNotFinished);
    p.unbonding = 0;
    with_config_signer(c.bump, |s| TokenTransfer::new(vault, destination, config_acc, amount).invoke_signed(s))?;
    Event::new(event::UNSTAKED).key(authority.address()).u64(amount).emit();
    Ok(())
}
