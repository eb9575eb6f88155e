//! init_bridge: the Bridge account (validator set, hub token, rate limit); upgrade authority only.
use super::bridge_common::read_validators;
use crate::errors::Result;
use crate::events::Event;
use crate::generated::event;
use crate::guards::{self, next};
use crate::state::{init, load, AccountState, Bridge, Config, MAX_VALIDATORS};
use crate::util::Args;
use crate::{require, Ctx};

/// init_bridge(hub_token, threshold, validators, rate_limit, rate_window): upgrade authority only.
#[inline(never)]
pub fn process(cx: &Ctx) -> Result<()> {
    let it = &mut cx.accounts.iter();
    let (config_acc, bridge, authority, program_data, system) = (next(it)?, next(it)?, next(it)?, next(it)?, next(it)?);
    let mut a = Args::new(cx.data);
    let hub_token = a.bytes32()?;
    let threshold = a.u8()?;
    let mut vals = [[0u8; 32]; MAX_VALIDATORS];
    let count = read_validators(&mut a, &mut vals)?;
    let rate_limit = a.u64()?;
    let rate_window = a.u32()?;
    a.finish()?;
    guards::system_program(system)?;
    guards::signer_writable(authority)?;
    guards::upgrade_authority(program_data, authority, cx.program_id)?;
    load::<Config>(config_acc, cx.program_id)?;
    require!(threshold >= 1 && threshold <= count, TooManyValidators);
    let bump = guards::expect_pda(bridge, &[b"bridge"], cx.program_id)?;
    guards::create_pda(authority, bridge, &[b"bridge"], bump, Bridge::LEN, cx.program_id)?;
    let b = init::<Bridge>(bridge);
    b.bump = bump;
    b.threshold = threshold;
    b.count = count;
    b.set_version = 1;
    b.hub_token = hub_token;
    b.validators = vals;
    b.rate_limit = rate_limit;
    b.rate_window = rate_window;
    Event::new(event::VALIDATOR_SET_UPDATED).u32(1).u8(threshold).i64(0).emit();
    Ok(())
}
