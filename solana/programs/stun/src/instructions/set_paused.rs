//! set_paused: the guardian pauses the protocol.
use crate::errors::Result;
use crate::events::Event;
use crate::generated::event;
use crate::guards::{self, next};
use crate::state::{load_mut, Config};
use crate::util::Args;
use crate::{require, Ctx};

/// set_paused(paused): the guardian may pause; unpausing needs governance (execute_governance).
#[inline(never)]
pub fn process(cx: &Ctx) -> Result<()> {
    let (program_id, accounts, data) = (cx.program_id, cx.accounts, cx.data);
    let it = &mut accounts.iter();
    let (config_acc, guardian) = (next(it)?, next(it)?);
    let mut a = Args::new(data);
    let paused = a.bool()?;
    a.finish()?;
    let c = load_mut::<Config>(config_acc, program_id)?;
    guards::role(guardian, &c.roles.guardian)?;
    require!(paused, Unauthorized);
    c.paused = 1;
    Event::new(event::PAUSED).key(guardian.address()).emit();
    Ok(())
}
