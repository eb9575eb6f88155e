//! cancel_task: the requester withdraws a task before it is assigned.
use super::task_common::{self as tc, load_task, task_id_arg};
use crate::errors::Result;
use crate::events;
use crate::generated::event;
use crate::guards::{self, next};
use crate::state::status;
use crate::{require, Ctx};

/// cancel_task(task_id): requester, before assignment. Refund owed (close_task).
#[inline(never)]
pub fn process(cx: &Ctx) -> Result<()> {
    let (program_id, accounts, data) = (cx.program_id, cx.accounts, cx.data);
    let it = &mut accounts.iter();
    let (task_acc, requester) = (next(it)?, next(it)?);
    let task_id = task_id_arg(data)?;
    let t = load_task(task_acc, task_id, program_id)?;
    guards::role(requester, &t.requester)?;
    require!(t.status == status::SUBMITTED, InvalidState);
    t.status = status::CANCELLED;
    events::task_only(event::TASK_CANCELLED, task_id);
    let r = t.reward;
    tc::refund(t, r);
    Ok(())
}
