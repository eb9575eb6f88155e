//! update_provider: the provider changes its specs and its active flag.
use super::provider_common::{load_own, read_specs};
use crate::errors::Result;
use crate::events::Event;
use crate::generated::event;
use crate::guards::{self, next};
use crate::util::Args;
use crate::Ctx;

/// update_provider(specs, active)
#[inline(never)]
pub fn process(cx: &Ctx) -> Result<()> {
    let (program_id, accounts, data) = (cx.program_id, cx.accounts, cx.data);
    let it = &mut accounts.iter();
    let (provider, authority) = (next(it)?, next(it)?);
    let mut a = Args::new(data);
    let specs = read_specs(&mut a)?;
    let active = a.bool()?;
    a.finish()?;
    guards::writable(provider)?;
    let p = load_own(provider, authority, program_id)?;
    p.specs = specs;
    p.active = active as u8;
    Event::new(event::PROVIDER_UPDATED).key(authority.address()).emit();
    Ok(())
}
