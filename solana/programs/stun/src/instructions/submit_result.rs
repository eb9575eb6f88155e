//! submit_result: an assigned provider's result with its Groth16 proof; the last result runs consensus.
use super::task_common::{self as tc, load_task, slot_of};
use crate::errors::Result;
use crate::events::{self, Event};
use crate::generated::event;
use crate::groth16;
use crate::guards::{self, next};
use crate::state::{load, status, Config, ASSIGNED, SUBMITTED};
use crate::util::{eq32, lt_be, now, sha256, Args};
use crate::{require, Ctx};
use pinocchio::Address;

/// BN254 scalar field modulus r, big-endian.
pub const SCALAR_FIELD: [u8; 32] = groth16::SCALAR_FIELD;

/// The provider's public input: the low 160 bits of sha256(authority pubkey), as a 32-byte big-endian word
/// (the circuit's `provider` is a 160-bit value, like an EVM address).
pub fn provider_field(authority: &Address) -> [u8; 32] {
    let h = sha256(&[authority.as_ref()]);
    let mut out = [0u8; 32];
    let mut i = 12;
    while i < 32 {
        out[i] = h[i];
        i += 1;
    }
    out
}

/// submit_result(task_id, result_hash, proof): verifies the Groth16 proof bound to (taskId, resultHash,
/// provider); the last of the `redundancy` results runs consensus and the audit draw.
#[inline(never)]
pub fn process(cx: &Ctx) -> Result<()> {
    let (program_id, accounts, data) = (cx.program_id, cx.accounts, cx.data);
    let it = &mut accounts.iter();
    let (config_acc, task_acc, provider, authority, slot_hashes) = (next(it)?, next(it)?, next(it)?, next(it)?, next(it)?);
    let mut a = Args::new(data);
    let task_id = a.u64()?;
    let result_hash = a.bytes32()?;
    let proof = a.array::<256>()?;
    a.finish()?;
    guards::identity(slot_hashes, &guards::SLOT_HASHES)?;
    let c = load::<Config>(config_acc, program_id)?;
    guards::not_paused(c)?;
    let t = load_task(task_acc, task_id, program_id)?;
    require!(t.status == status::ASSIGNED, InvalidState);
    let t_now = now()?;
    require!(t_now <= t.deadline, DeadlinePassed);
    require!(lt_be(&result_hash, &SCALAR_FIELD), ResultHashOutOfField);
    let i = slot_of(t, provider, authority, program_id)?;
    require!(t.states[i] != SUBMITTED, AlreadySubmitted);
    let mut tid = [0u8; 32];
    let be = task_id.to_be_bytes();
    let mut k = 0;
    while k < 8 {
        tid[24 + k] = be[k];
        k += 1;
    }
    groth16::verify(proof, &[tid, result_hash, provider_field(authority.address())])?;
    if t.states[i] == ASSIGNED {
        require!(t_now <= t.accept_closes(i, c.params.accept_window), AcceptWindowClosed);
        events::task_provider(event::TASK_ACCEPTED, task_id, authority.address());
    }
    let d = t.distinct_results as usize;
    let mut idx = d;
    let mut j = 0;
    while j < d {
        if eq32(&t.results[j], &result_hash) {
            idx = j;
            break;
        }
        j += 1;
    }
    if idx == d {
        t.results[d] = result_hash;
        t.distinct_results = (d + 1) as u8;
    }
    t.states[i] = SUBMITTED;
    t.result_idx[i] = idx as u8;
    t.submitted_at[i] = t_now;
    Event::new(event::RESULT_SUBMITTED).u64(task_id).key(authority.address()).bytes(&result_hash).emit();
    let mut n = 0;
    let mut j = 0;
    while j < t.redundancy as usize {
        if t.states[j] == SUBMITTED {
            n += 1;
        }
        j += 1;
    }
    if n == t.redundancy as usize {
        match t.majority() {
            Some(m) => tc::start_verification(c, t, m, t_now)?,
            None => tc::expire(t),
        }
    }
    Ok(())
}
