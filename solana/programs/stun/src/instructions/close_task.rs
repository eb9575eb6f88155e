//! close_task: the requester closes a terminal task and takes what it still holds.
use super::initialize::with_config_signer;
use super::task_common::{load_task, task_id_arg};
use crate::errors::Result;
use crate::guards::{self, next};
use crate::state::{load, Config};
use crate::util::is_zero32;
use crate::{require, Ctx};

/// close_task(task_id): requester, terminal state; pays out everything the account still holds and closes it.
/// When a dispute was upheld the requester's challenger share of the slashed STUN is paid too: remaining accounts
/// [config, stake_vault, destination token account, token program].
#[inline(never)]
pub fn process(cx: &Ctx) -> Result<()> {
    let (program_id, accounts, data) = (cx.program_id, cx.accounts, cx.data);
    let it = &mut accounts.iter();
    let (task_acc, requester) = (next(it)?, next(it)?);
    let task_id = task_id_arg(data)?;
    let t = load_task(task_acc, task_id, program_id)?;
    guards::role(requester, &t.requester)?;
    guards::writable(requester)?;
    require!(t.is_terminal(), InvalidState);
    // SPL task: the refund is claimed from the escrow first (claim_spl slot 5)
    require!(is_zero32(t.payment_mint.as_array()) || t.refund == 0, InvalidState);
    if t.challenger_stun > 0 {
        let (config_acc, vault, destination, token) = (next(it)?, next(it)?, next(it)?, next(it)?);
        guards::token_program(token)?;
        let c = load::<Config>(config_acc, program_id)?;
        guards::expect_pda_bump(vault, b"stake_vault", c.vault_bump, program_id)?;
        let amount = t.challenger_stun;
        t.challenger_stun = 0;
        with_config_signer(c.bump, |s| {
            pinocchio_token::instructions::Transfer::new(vault, destination, config_acc, amount).invoke_signed(s)
        })?;
    }
    let all = task_acc.lamports();
    guards::move_lamports(task_acc, requester, all)?;
    let mut acc = *task_acc;
    // Zero the data so a closed task cannot be read as live within this transaction.
    let data = unsafe { acc.borrow_unchecked_mut() };
    let mut i = 0;
    while i < data.len() {
        data[i] = 0;
        i += 1;
    }
    Ok(())
}
