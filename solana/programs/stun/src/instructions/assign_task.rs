//! assign_task: the matcher assigns `redundancy` distinct eligible providers.
use super::task_common::{eligible, matcher_task};
use crate::errors::Result;
use crate::events::Event;
use crate::generated::event;
use crate::guards::next;
use crate::state::{load, status, Provider, ASSIGNED};
use crate::util::key_eq;
use crate::{require, Ctx};

/// assign_task(task_id): matcher; remaining accounts = `redundancy` distinct eligible Provider accounts.
#[inline(never)]
pub fn process(cx: &Ctx) -> Result<()> {
    let (program_id, accounts) = (cx.program_id, cx.accounts);
    let (head, rest) = accounts.split_at(accounts.len().min(3));
    let it = &mut head.iter();
    let (config_acc, task_acc, matcher) = (next(it)?, next(it)?, next(it)?);
    let (c, t, t_now) = matcher_task(cx, config_acc, task_acc, matcher, status::SUBMITTED)?;
    let r = t.redundancy as usize;
    require!(rest.len() == r, InvalidRedundancy);
    let mut e = Event::new(event::TASK_ASSIGNED);
    e.u64(t.task_id).u32(r as u32);
    let mut i = 0;
    while i < r {
        let p = load::<Provider>(&rest[i], program_id)?;
        require!(eligible(c, p, &t.requirements), ProviderNotEligible);
        let mut j = 0;
        while j < i {
            require!(!key_eq(&t.providers[j], rest[i].address()), DuplicateProvider);
            j += 1;
        }
        t.providers[i] = *rest[i].address();
        t.states[i] = ASSIGNED;
        t.lane_assigned_at[i] = t_now;
        let auth = p.authority;
        e.key(&auth);
        i += 1;
    }
    t.status = status::ASSIGNED;
    t.assigned_at = t_now;
    e.emit();
    Ok(())
}
