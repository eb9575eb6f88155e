//! assign_task: the matcher assigns `redundancy` distinct eligible providers.
use super::task_common::{load_task, task_id_arg};
use crate::errors::Result;
use crate::events::Event;
use crate::generated::event;
use crate::guards::{self, next};
use crate::state::{load, status, Config, Provider, Requirements, ASSIGNED};
use crate::util::{key_eq, now};
use crate::{require, Ctx};

fn eligible(c: &Config, p: &Provider, req: &Requirements) -> bool {
    p.active != 0
        && p.stake >= c.params.min_stake
        && p.specs.gpu_memory >= req.gpu_memory
        && p.specs.compute_capability >= req.compute_capability
        && p.specs.gpu_count >= req.gpu_count
        && (req.region == 0 || p.specs.region == req.region)
}

/// assign_task(task_id): matcher; remaining accounts = `redundancy` distinct eligible Provider accounts.
#[inline(never)]
pub fn process(cx: &Ctx) -> Result<()> {
    let (program_id, accounts, data) = (cx.program_id, cx.accounts, cx.data);
    let (head, rest) = accounts.split_at(accounts.len().min(3));
    let it = &mut head.iter();
    let (config_acc, task_acc, matcher) = (next(it)?, next(it)?, next(it)?);
    let task_id = task_id_arg(data)?;
    let c = load::<Config>(config_acc, program_id)?;
    guards::not_paused(c)?;
    guards::role(matcher, &c.roles.matcher)?;
    let t = load_task(task_acc, task_id, program_id)?;
    require!(t.status == status::SUBMITTED, InvalidState);
    let t_now = now()?;
    require!(t_now <= t.deadline, DeadlinePassed);
    let r = t.redundancy as usize;
    require!(rest.len() == r, InvalidRedundancy);
    let mut e = Event::new(event::TASK_ASSIGNED);
    e.u64(task_id).u32(r as u32);
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
        let auth = p.authority;
        e.key(&auth);
        i += 1;
    }
    t.status = status::ASSIGNED;
    t.assigned_at = t_now;
    e.emit();
    Ok(())
}
