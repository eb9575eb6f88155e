//! withdraw_treasury: the treasury's SOL pull payment.
use crate::errors::Result;
use crate::guards::{self, next};
use crate::state::{load_mut, Config};
use crate::util::{key_eq, Args};
use crate::{bail, require, Ctx};

/// withdraw_treasury(): SOL credited to the treasury goes to Config.roles.treasury.
#[inline(never)]
pub fn process(cx: &Ctx) -> Result<()> {
    let (program_id, accounts, data) = (cx.program_id, cx.accounts, cx.data);
    let it = &mut accounts.iter();
    let (config_acc, treasury) = (next(it)?, next(it)?);
    Args::new(data).finish()?;
    guards::writable(treasury)?;
    let c = load_mut::<Config>(config_acc, program_id)?;
    if !key_eq(&c.roles.treasury, treasury.address()) {
        bail!(Unauthorized);
    }
    let amount = c.treasury_accrued;
    require!(amount > 0, NothingToWithdraw);
    c.treasury_accrued = 0;
    guards::move_lamports(config_acc, treasury, amount)?;
    Ok(())
}
