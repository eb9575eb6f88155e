//! stake: STUN into the stake vault.
use super::provider_common::load_own;
use crate::errors::Result;
use crate::events::Event;
use crate::generated::event;
use crate::guards::{self, next};
use crate::state::{load, Config};
use crate::util::{add, Args};
use crate::{require, Ctx};
use pinocchio_token::instructions::Transfer as TokenTransfer;

/// stake(amount): STUN from `source` (owned by the authority) into the stake vault.
#[inline(never)]
pub fn process(cx: &Ctx) -> Result<()> {
    let (program_id, accounts, data) = (cx.program_id, cx.accounts, cx.data);
    let it = &mut accounts.iter();
    let (config_acc, provider, authority, source, vault, token) =
        (next(it)?, next(it)?, next(it)?, next(it)?, next(it)?, next(it)?);
    let mut a = Args::new(data);
    let amount = a.u64()?;
    a.finish()?;
    guards::token_program(token)?;
    guards::writable(provider)?;
    let c = load::<Config>(config_acc, program_id)?;
    guards::not_paused(c)?;
    guards::expect_pda_bump(vault, b"stake_vault", c.vault_bump, program_id)?;
    let p = load_own(provider, authority, program_id)?;
    require!(amount > 0, ZeroAmount);
    TokenTransfer::new(source, vault, authority, amount).invoke()?;
    p.stake = add(p.stake, amount)?;
    Event::new(event::STAKED).key(authority.address()).u64(amount).emit();
    Ok(())
}
