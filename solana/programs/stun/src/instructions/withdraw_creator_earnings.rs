//! withdraw_creator_earnings: the model creator's SOL pull payment.
use crate::errors::Result;
use crate::guards::{self, next};
use crate::state::{self, load_mut};
use crate::util::{key_eq, Args};
use crate::{require, Ctx};

/// withdraw_creator_earnings(model_id)
#[inline(never)]
pub fn process(cx: &Ctx) -> Result<()> {
    let (program_id, accounts, data) = (cx.program_id, cx.accounts, cx.data);
    let it = &mut accounts.iter();
    let (model, creator) = (next(it)?, next(it)?);
    let mut a = Args::new(data);
    let model_id = a.bytes32()?;
    a.finish()?;
    guards::signer_writable(creator)?;
    let m = load_mut::<state::Model>(model, program_id)?;
    require!(crate::util::eq32(&m.model_id, &model_id), InvalidModel);
    require!(key_eq(&m.creator, creator.address()), Unauthorized);
    let amount = m.earned;
    require!(amount > 0, NothingToWithdraw);
    m.earned = 0;
    guards::move_lamports(model, creator, amount)
}
