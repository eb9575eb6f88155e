//! register_model: a model creator registers its Model account (PDA ["model", model_id]).
use crate::errors::Result;
use crate::events::Event;
use crate::generated::event;
use crate::guards::{self, next};
use crate::state::{self, init, load, AccountState, Config};
use crate::util::Args;
use crate::{require, Ctx};

/// register_model(model_id)
#[inline(never)]
pub fn process(cx: &Ctx) -> Result<()> {
    let (program_id, accounts, data) = (cx.program_id, cx.accounts, cx.data);
    let it = &mut accounts.iter();
    let (config_acc, model, creator, system) = (next(it)?, next(it)?, next(it)?, next(it)?);
    let mut a = Args::new(data);
    let model_id = a.bytes32()?;
    a.finish()?;
    guards::system_program(system)?;
    guards::signer_writable(creator)?;
    let c = load::<Config>(config_acc, program_id)?;
    guards::not_paused(c)?;
    require!(!crate::util::is_zero32(&model_id), InvalidModel);
    let seeds: [&[u8]; 2] = [b"model", &model_id];
    let bump = guards::expect_pda(model, &seeds, program_id)?;
    guards::create_pda(creator, model, &seeds, bump, state::Model::LEN, program_id)?;
    let m = init::<state::Model>(model);
    m.model_id = model_id;
    m.creator = *creator.address();
    m.bump = bump;
    Event::new(event::MODEL_REGISTERED).bytes(&model_id).key(creator.address()).emit();
    Ok(())
}
