//! withdraw_treasury_stun: slashed STUN out of the stake vault to the treasury.
use super::initialize::with_config_signer;
use crate::errors::Result;
use crate::guards::{self, next};
use crate::state::{load_mut, Config};
use crate::util::{key_eq, Args};
use crate::{require, Ctx};
use pinocchio_token::instructions::Transfer as TokenTransfer;

/// withdraw_treasury_stun(): slashed STUN credited to the treasury, from the stake vault to a STUN token account
/// owned by Config.roles.treasury. Anyone may call.
#[inline(never)]
pub fn process(cx: &Ctx) -> Result<()> {
    let (program_id, accounts, data) = (cx.program_id, cx.accounts, cx.data);
    let it = &mut accounts.iter();
    let (config_acc, vault, destination, token) = (next(it)?, next(it)?, next(it)?, next(it)?);
    Args::new(data).finish()?;
    guards::token_program(token)?;
    let c = load_mut::<Config>(config_acc, program_id)?;
    guards::expect_pda_bump(vault, b"stake_vault", c.vault_bump, program_id)?;
    require!(key_eq(destination.owner(), &guards::TOKEN_PROGRAM) && destination.data_len() == 165, InvalidTokenAccount);
    let d = unsafe { destination.borrow_unchecked() };
    let owner: &[u8; 32] = d[32..64].try_into().unwrap();
    require!(crate::util::eq32(owner, c.roles.treasury.as_array()), Unauthorized);
    let amount = c.treasury_stun;
    require!(amount > 0, NothingToWithdraw);
    c.treasury_stun = 0;
    with_config_signer(c.bump, |s| TokenTransfer::new(vault, destination, config_acc, amount).invoke_signed(s))
}
