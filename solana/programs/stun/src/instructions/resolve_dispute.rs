//! resolve_dispute: the auditor's verdict on a disputed task.
use super::task_common::{self as tc, auditor_verdict, Verdict};
use crate::errors::{fail, Result, StunError};
use crate::guards;
use crate::state::{self, status};
use crate::util::{add, is_zero32};
use crate::Ctx;

/// resolve_dispute(task_id, honest): auditor. honest -> Finalized (bond to the treasury); else Refunded: the
/// majority slashed with the requester as challenger, reward and bond refunded. Accounts as finalize_task plus
/// the auditor: [config, task, auditor, model, providers...].
#[inline(never)]
pub fn process(cx: &Ctx) -> Result<()> {
    let program_id = cx.program_id;
    let Verdict { config_acc, task_acc, rest, c, t, honest } = auditor_verdict(cx, status::DISPUTED)?;
    if honest {
        let (model, providers) = rest.split_first().ok_or_else(|| fail(StunError::InvalidModel))?;
        let bond = t.bond;
        if is_zero32(t.payment_mint.as_array()) {
            c.treasury_accrued = add(c.treasury_accrued, bond)?;
            guards::move_lamports(task_acc, config_acc, bond)?;
        } else {
            t.owed_treasury = add(t.owed_treasury, bond)?;
        }
        tc::finalize(c, config_acc, t, task_acc, model, providers, program_id)
    } else {
        t.status = status::REFUNDED;
        let providers = if rest.len() > t.redundancy as usize { &rest[1..] } else { rest };
        tc::slash_majority(c, t, providers, state::REASON_LOST_DISPUTE, true, program_id)?;
        let amount = add(t.reward, t.bond)?;
        tc::refund(t, amount);
        Ok(())
    }
}
