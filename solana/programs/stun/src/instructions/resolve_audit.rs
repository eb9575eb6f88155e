//! resolve_audit: the auditor's verdict on an audited task.
use super::task_common::{self as tc, auditor_verdict, Verdict};
use crate::errors::Result;
use crate::state::{self, status};
use crate::util::now;
use crate::Ctx;

/// resolve_audit(task_id, honest): auditor. honest -> Challengeable; else the majority is slashed and the
/// requester refunded (SlashedRefunded).
#[inline(never)]
pub fn process(cx: &Ctx) -> Result<()> {
    let Verdict { c, t, rest, honest, .. } = auditor_verdict(cx, status::AUDITED)?;
    if honest {
        t.status = status::CHALLENGEABLE;
        t.challenge_ends = now()? + c.params.challenge_period as i64;
    } else {
        t.status = status::SLASHED_REFUNDED;
        tc::slash_majority(c, t, rest, state::REASON_FAILED_AUDIT, false, cx.program_id)?;
        let r = t.reward;
        tc::refund(t, r);
    }
    Ok(())
}
