//! reassign_provider: the matcher replaces a no-show lane with another eligible provider (EVM
//! MarketplaceExtension.reassignProvider).
use super::task_common::{self as tc, eligible, Outcome};
use crate::errors::{fail, Result, StunError};
use crate::events::Event;
use crate::generated::event;
use crate::guards::{self, next};
use crate::state::{self, load, load_mut, status, Provider, ASSIGNED};
use crate::{require, Ctx};

/// reassign_provider(task_id): matcher, not paused. Accounts: [config, task, matcher, no_show, replacement]
/// (Provider accounts). The task is Assigned and not past its deadline; `no_show` holds one of its lanes, has
/// neither accepted nor submitted and is past that lane's own accept window; `replacement` passes the assignment
/// checks and holds no lane. The lane passes to `replacement` (Assigned, a fresh accept window from now;
/// `ProviderReassigned`) and `no_show` is penalised as at expiry (slashBpsNoShow + reputation), unless the
/// marketplace was paused since the lane's assignment.
#[inline(never)]
pub fn process(cx: &Ctx) -> Result<()> {
    let (program_id, accounts) = (cx.program_id, cx.accounts);
    let it = &mut accounts.iter();
    let (config_acc, task_acc, matcher, no_show, replacement) = (next(it)?, next(it)?, next(it)?, next(it)?, next(it)?);
    guards::writable(config_acc)?; // the slash credits Config.treasury_stun
    let (c, t, t_now) = tc::matcher_task(cx, config_acc, task_acc, matcher, status::ASSIGNED)?;
    let i = t.lane_of(no_show.address()).ok_or_else(|| fail(StunError::NotAssignedProvider))?;
    require!(t.states[i] == ASSIGNED, NotNoShow);
    require!(t_now > t.accept_closes(i, c.params.accept_window), AcceptWindowOpen);
    let new = load::<Provider>(replacement, program_id)?;
    require!(eligible(c, new, &t.requirements), ProviderNotEligible);
    require!(t.lane_of(replacement.address()).is_none(), DuplicateProvider);
    let old = load_mut::<Provider>(no_show, program_id)?;
    let lane_at = t.lane_assigned_at[i];
    t.providers[i] = *replacement.address();
    t.states[i] = ASSIGNED;
    t.lane_assigned_at[i] = t_now;
    let (old_auth, new_auth) = (old.authority, new.authority);
    Event::new(event::PROVIDER_REASSIGNED).u64(t.task_id).key(&old_auth).key(&new_auth).emit();
    // the pause guard above holds, so only a pause since the lane's assignment waives the penalty
    if c.last_unpaused_at < lane_at {
        tc::slash(c, old, c.params.slash_bps_no_show, state::REASON_NO_SHOW, None);
        tc::record(old, Outcome::NoShow);
    }
    Ok(())
}
