//! expire_task: anyone, once a task is past its deadline or its accept window.
use super::task_common::{self as tc, load_task, provider_at, task_id_arg, Outcome};
use crate::errors::Result;
use crate::guards::{self, next};
use crate::state::{self, load_mut, status, Config, ASSIGNED, SUBMITTED};
use crate::util::now;
use crate::{require, Ctx};

/// expire_task(task_id): Submitted past the deadline -> Expired. Assigned past the deadline: a strict majority
/// in -> verification, else Expired; non-submitters slashed slashBpsNoShow. Assigned with a provider past its own
/// accept window (from its lane's assignment) that neither accepted nor submitted -> Expired, that provider
/// penalised. Remaining accounts: the task's Provider accounts in order.
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
    let mut no_shows = 0;
    let mut i = 0;
    while i < t.redundancy as usize {
        // no-shows: past the deadline, every lane without a result; before it, a lane that neither accepted nor
        // submitted within its own accept window (a reassigned lane's window starts at its reassignment)
        let no_show = if past_deadline {
            t.states[i] != SUBMITTED
        } else {
            t.states[i] == ASSIGNED && t_now > t.accept_closes(i, c.params.accept_window)
        };
        if no_show {
            no_shows += 1;
            // waived if the marketplace was paused since this lane's assignment
            if c.paused == 0 && c.last_unpaused_at < t.lane_assigned_at[i] {
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
