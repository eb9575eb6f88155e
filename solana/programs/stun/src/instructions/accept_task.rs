//! accept_task: an assigned provider accepts within the accept window.
use super::task_common::{load_task, slot_of, task_id_arg};
use crate::errors::Result;
use crate::events;
use crate::generated::event;
use crate::guards::{self, next};
use crate::state::{load, status, Config, ACCEPTED, ASSIGNED};
use crate::util::now;
use crate::{require, Ctx};

/// accept_task(task_id): an assigned provider, within acceptWindow.
#[inline(never)]
pub fn process(cx: &Ctx) -> Result<()> {
    let (program_id, accounts, data) = (cx.program_id, cx.accounts, cx.data);
    let it = &mut accounts.iter();
    let (config_acc, task_acc, provider, authority) = (next(it)?, next(it)?, next(it)?, next(it)?);
    let task_id = task_id_arg(data)?;
    let c = load::<Config>(config_acc, program_id)?;
    guards::not_paused(c)?;
    let t = load_task(task_acc, task_id, program_id)?;
    require!(t.status == status::ASSIGNED, InvalidState);
    let i = slot_of(t, provider, authority, program_id)?;
    require!(t.states[i] == ASSIGNED, AlreadyAccepted);
    require!(now()? <= t.accept_closes(i, c.params.accept_window), AcceptWindowClosed);
    t.states[i] = ACCEPTED;
    events::task_provider(event::TASK_ACCEPTED, task_id, authority.address());
    Ok(())
}
