//! dispute_task: the requester disputes a challengeable task, posting a bond.
use super::task_common::{escrow_of, load_task, task_id_arg};
use crate::errors::Result;
use crate::events::Event;
use crate::generated::event;
use crate::guards::{self, next};
use crate::state::{load, status, Config};
use crate::util::{bps_of, is_zero32, now};
use crate::{require, Ctx};
use pinocchio_system::instructions::Transfer;

/// dispute_task(task_id): requester, in the challenge window, posting disputeBondBps of the reward.
#[inline(never)]
pub fn process(cx: &Ctx) -> Result<()> {
    let (program_id, accounts, data) = (cx.program_id, cx.accounts, cx.data);
    let it = &mut accounts.iter();
    let (config_acc, task_acc, requester, system) = (next(it)?, next(it)?, next(it)?, next(it)?);
    let task_id = task_id_arg(data)?;
    guards::system_program(system)?;
    let c = load::<Config>(config_acc, program_id)?;
    let t = load_task(task_acc, task_id, program_id)?;
    guards::role(requester, &t.requester)?;
    guards::writable(requester)?;
    require!(t.status == status::CHALLENGEABLE, InvalidState);
    require!(now()? < t.challenge_ends, ChallengeWindowClosed);
    let bond = bps_of(t.reward, c.params.dispute_bond_bps);
    if is_zero32(t.payment_mint.as_array()) {
        Transfer { from: requester, to: task_acc, lamports: bond }.invoke()?;
    } else {
        // SPL task: the bond is in the task's token; remaining accounts [requester_token, escrow, token_program]
        let (source, escrow, token) = (next(it)?, next(it)?, next(it)?);
        guards::token_program(token)?;
        escrow_of(escrow, t, program_id)?;
        pinocchio_token::instructions::Transfer::new(source, escrow, requester, bond).invoke()?;
    }
    t.bond = bond;
    t.status = status::DISPUTED;
    Event::new(event::TASK_DISPUTED).u64(task_id).key(requester.address()).u64(bond).emit();
    Ok(())
}
