//! withdraw_earnings: the provider's SOL pull payment.
use super::provider_common::load_own;
use crate::errors::Result;
use crate::guards::{self, next};
use crate::util::Args;
use crate::{require, Ctx};

/// withdraw_earnings(): the SOL credited to the provider account.
#[inline(never)]
pub fn process(cx: &Ctx) -> Result<()> {
    let (program_id, accounts, data) = (cx.program_id, cx.accounts, cx.data);
    let it = &mut accounts.iter();
    let (provider, authority) = (next(it)?, next(it)?);
    Args::new(data).finish()?;
    guards::writable(provider)?;
    guards::writable(authority)?;
    let p = load_own(provider, authority, program_id)?;
    let amount = p.earned;
    require!(amount > 0, NothingToWithdraw);
    p.earned = 0;
    guards::move_lamports(provider, authority, amount)
}
