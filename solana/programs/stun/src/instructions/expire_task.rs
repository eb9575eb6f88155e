//! expire_task: anyone, once a task is past its deadline or its accept window.
use super::task_common::{self as tc, load_task, provider_at, task_id_arg, Outcome};
use crate::errors::Result;
use crate::guards::{self, next};
use crate::state::{self, load_mut, status, Config, ACCEPTED, SUBMITTED};
use crate::util::now;
use crate::{require, Ctx};

/// expire_task(task_id): Submitted past the deadline -> Expired. Assigned past the deadline: a strict majority
/// in -> verification, else Expired; non-submitters slashed slashBpsNoShow. Assigned past the accept window with a
/// provider that neither accepted nor submitted -> Expired, that provider penalised. Remaining accounts: the
/// task's Provider accounts in order.
#[inline(never)]
pub fn process(cx: &Ctx) -> Result<()> {
    let (program_id, accounts, data) = (cx.program_id, cx.accounts, cx.data);
    let (head, rest) = accounts.split_at(accounts.len().min(3));
    let it = &mut head.iter();
    let (config_acc, task_acc, slot_hashes) = (next(it)?, next(it)?, next(it)?);
    let task_id = task_id_arg(data)?;
    guards::identity(slot_hashes, &guards::SLOT_HASHES)?;
    let c = load_mut::<Config>(config_acc, program_id)?;
    let t = load_task(task_acc, task_id, program_id)?;
    let t_now = now()?;
    let past_deadline = t_now > t.deadline;
    if t.status == status::SUBMITTED {
        require!(past_deadline, NotExpirable);
        tc::expire(t);
        return Ok(());
    }
    require!(t.status == status::ASSIGNED, InvalidState);
    require!(past_deadline || t_now > t.assigned_at + c.params.accept_window as i64, NotExpirable);
    let threshold = if past_deadline { SUBMITTED } else { ACCEPTED };
    let penalise = c.paused == 0 && c.last_unpaused_at < t.assigned_at;
    let mut no_shows = 0;
    let mut i = 0;
    while i < t.redundancy as usize {
        if t.states[i] < threshold {
            no_shows += 1;
            if penalise {
                let p = provider_at(rest, t, i, program_id)?;
                tc::slash(c, p, c.params.slash_bps_no_show, state::REASON_NO_SHOW, None);
                tc::record(p, Outcome::NoShow);
            }
        }
        i += 1;
    }
    require!(no_shows > 0, NotExpirable);
    match t.majority() {
        Some(m) if past_deadline => tc::start_verification(c, t, m, t_now)?,
        _ => tc::expire(t),
    }
    Ok(())
}
