//! submit_task_spl: a task in SPL escrow (any mint; the escrow token account is owned by the Config PDA).
use super::task_common::new_task;
use crate::errors::Result;
use crate::guards::{self, next};
use crate::require;
use crate::util::key_eq;
use crate::Ctx;

/// submit_task_spl(same args): SPL escrow in the token account PDA ["escrow", task_id] (owner: Config PDA).
#[inline(never)]
pub fn process(cx: &Ctx) -> Result<()> {
    let it = &mut cx.accounts.iter();
    let (config_acc, task_acc, escrow, requester, mint, requester_token, system, token) =
        (next(it)?, next(it)?, next(it)?, next(it)?, next(it)?, next(it)?, next(it)?, next(it)?);
    guards::system_program(system)?;
    guards::token_program(token)?;
    require!(key_eq(mint.owner(), &guards::TOKEN_PROGRAM), InvalidTokenAccount);
    let t = new_task(cx, config_acc, task_acc, requester)?;
    let id = t.task_id.to_le_bytes();
    let seeds: [&[u8]; 2] = [b"escrow", &id];
    let bump = guards::expect_pda(escrow, &seeds, cx.program_id)?;
    guards::create_pda(requester, escrow, &seeds, bump, 165, &guards::TOKEN_PROGRAM)?;
    pinocchio_token::instructions::InitializeAccount3 { account: escrow, mint, owner: config_acc.address() }.invoke()?;
    pinocchio_token::instructions::Transfer::new(requester_token, escrow, requester, t.reward).invoke()?;
    t.payment_mint = *mint.address();
    Ok(())
}
