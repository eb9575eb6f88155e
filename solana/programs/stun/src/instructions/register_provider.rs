//! register_provider: a provider registers its Provider account (PDA ["provider", authority]).
use super::provider_common::read_specs;
use crate::errors::Result;
use crate::events::Event;
use crate::generated::event;
use crate::guards::{self, next};
use crate::state::{init, load, AccountState, Config, Provider, Specs, INITIAL_SCORE};
use crate::util::Args;
use crate::Ctx;

fn emit_specs(e: &mut Event, s: &Specs) {
    e.u32(s.gpu_memory).u32(s.compute_capability).u32(s.gpu_count).u32(s.region);
}

/// register_provider(specs)
#[inline(never)]
pub fn process(cx: &Ctx) -> Result<()> {
    let (program_id, accounts, data) = (cx.program_id, cx.accounts, cx.data);
    let it = &mut accounts.iter();
    let (config_acc, provider, authority, system) = (next(it)?, next(it)?, next(it)?, next(it)?);
    let mut a = Args::new(data);
    let specs = read_specs(&mut a)?;
    a.finish()?;
    guards::system_program(system)?;
    guards::signer_writable(authority)?;
    let c = load::<Config>(config_acc, program_id)?;
    guards::not_paused(c)?;
    let seeds: [&[u8]; 2] = [b"provider", authority.address().as_ref()];
    let bump = guards::expect_pda(provider, &seeds, program_id)?;
    guards::create_pda(authority, provider, &seeds, bump, Provider::LEN, program_id)?;
    let p = init::<Provider>(provider);
    p.authority = *authority.address();
    p.bump = bump;
    p.active = 1;
    p.specs = specs;
    p.reputation = INITIAL_SCORE;
    let mut e = Event::new(event::PROVIDER_REGISTERED);
    e.key(authority.address());
    emit_specs(&mut e, &specs);
    e.emit();
    Ok(())
}
