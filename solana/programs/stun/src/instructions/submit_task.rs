//! submit_task: a task in SOL escrow (the Task account's lamports).
use super::task_common::new_task;
use crate::errors::Result;
use crate::guards::{self, next};
use crate::Ctx;
use pinocchio_system::instructions::Transfer;

/// submit_task(task_id, task_hash, model_id, reward, deadline, redundancy, requirements): SOL escrow.
#[inline(never)]
pub fn process(cx: &Ctx) -> Result<()> {
    let it = &mut cx.accounts.iter();
    let (config_acc, task_acc, requester, system) = (next(it)?, next(it)?, next(it)?, next(it)?);
    guards::system_program(system)?;
    let t = new_task(cx, config_acc, task_acc, requester)?;
    Transfer { from: requester, to: task_acc, lamports: t.reward }.invoke()?;
    Ok(())
}
