//! finalize_task: anyone, after the challenge window: payouts, minority slashing, reputation.
use super::task_common::{self as tc, load_task, task_id_arg};
use crate::errors::Result;
use crate::guards::{self, next};
use crate::state::{load_mut, status, Config};
use crate::util::now;
use crate::{require, Ctx};

/// finalize_task(task_id): anyone, after the challenge window.
#[inline(never)]
pub fn process(cx: &Ctx) -> Result<()> {
    let (program_id, accounts, data) = (cx.program_id, cx.accounts, cx.data);
    let (head, rest) = accounts.split_at(accounts.len().min(3));
    let it = &mut head.iter();
    let (config_acc, task_acc, model) = (next(it)?, next(it)?, next(it)?);
    let task_id = task_id_arg(data)?;
    let c = load_mut::<Config>(config_acc, program_id)?;
    guards::not_paused(c)?;
    let t = load_task(task_acc, task_id, program_id)?;
    require!(t.status == status::CHALLENGEABLE, InvalidState);
    require!(now()? >= t.challenge_ends, ChallengeWindowOpen);
    tc::finalize(c, config_acc, t, task_acc, model, rest, program_id)
}
