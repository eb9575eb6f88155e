//! Shared task logic: creating and loading tasks, argument and account preludes, consensus close-out, the audit
//! draw, slashing, reputation, payouts, refunds.
use crate::errors::{fail, Result, StunError};
use crate::events::{self, Event};
use crate::generated::event;
use crate::guards::{self, next};
use crate::state::{
    init, load, load_mut, status, AccountState, Config, Provider, Requirements, Task, FAST_LATENCY, MAX_SCORE,
    NO_SHOW_PENALTY, SLOW_SUCCESS_GAIN, SUBMITTED, SUCCESS_GAIN, WRONG_PENALTY,
};
use crate::util::{bps_of, key_eq, now, sha256, Args};
use crate::{require, Ctx};
use pinocchio::{sysvars::get_sysvar, AccountView, Address};

/// Loads the Task account for `task_id` (owner + discriminator + stored id: the PDA ["task", id] identity).
pub fn load_task(acc: &AccountView, task_id: u64, program_id: &Address) -> Result<&'static mut Task> {
    let t = load_mut::<Task>(acc, program_id)?;
    if t.task_id != task_id {
        return Err(fail(StunError::InvalidPda));
    }
    Ok(t)
}

/// Parses the arguments of the instructions that take only `task_id`.
#[inline(always)]
pub fn task_id_arg(data: &[u8]) -> Result<u64> {
    let mut a = Args::new(data);
    let task_id = a.u64()?;
    a.finish()?;
    Ok(task_id)
}

/// What resolve_audit and resolve_dispute share, in their order: accounts [config, task, auditor, rest...], args
/// (task_id, honest), the auditor role, the task in the `expected` status, then the `AuditResolved` event.
pub struct Verdict<'a> {
    pub config_acc: &'a AccountView,
    pub task_acc: &'a AccountView,
    pub rest: &'a [AccountView],
    pub c: &'static mut Config,
    pub t: &'static mut Task,
    pub honest: bool,
}

#[inline(always)]
pub fn auditor_verdict<'a>(cx: &Ctx<'a>, expected: u8) -> Result<Verdict<'a>> {
    let (program_id, accounts, data) = (cx.program_id, cx.accounts, cx.data);
    let (head, rest) = accounts.split_at(accounts.len().min(3));
    let it = &mut head.iter();
    let (config_acc, task_acc, auditor) = (next(it)?, next(it)?, next(it)?);
    let mut a = Args::new(data);
    let task_id = a.u64()?;
    let honest = a.bool()?;
    a.finish()?;
    let c = load_mut::<Config>(config_acc, program_id)?;
    guards::role(auditor, &c.roles.auditor)?;
    let t = load_task(task_acc, task_id, program_id)?;
    require!(t.status == expected, InvalidState);
    Event::new(event::AUDIT_RESOLVED).u64(task_id).u8(honest as u8).emit();
    Ok(Verdict { config_acc, task_acc, rest, c, t, honest })
}

/// What assign_task and reassign_provider share, in their order: `task_id` (the only argument), Config, not
/// paused, the matcher role, the task in the `expected` status and not past its deadline. Returns (Config, task,
/// now).
#[inline(always)]
pub fn matcher_task(cx: &Ctx, config_acc: &AccountView, task_acc: &AccountView, matcher: &AccountView, expected: u8) -> Result<(&'static mut Config, &'static mut Task, i64)> {
    let task_id = task_id_arg(cx.data)?;
    let c = load::<Config>(config_acc, cx.program_id)?;
    guards::not_paused(c)?;
    guards::role(matcher, &c.roles.matcher)?;
    let t = load_task(task_acc, task_id, cx.program_id)?;
    require!(t.status == expected, InvalidState);
    let t_now = now()?;
    require!(t_now <= t.deadline, DeadlinePassed);
    Ok((c, t, t_now))
}

/// The i-th remaining account must be the task's i-th provider account (writable).
#[inline(always)]
pub fn provider_at(rest: &[AccountView], t: &Task, i: usize, program_id: &Address) -> Result<&'static mut Provider> {
    let acc = rest.get(i).ok_or_else(|| fail(StunError::NotAssignedProvider))?;
    require!(key_eq(acc.address(), &t.providers[i]), NotAssignedProvider);
    load_mut::<Provider>(acc, program_id)
}

/// Reputation outcomes (ReputationRegistry.sol semantics).
pub enum Outcome {
    Success(i64),
    WrongResult,
    NoShow,
}

pub fn record(p: &mut Provider, outcome: Outcome) {
    let mut score = p.reputation;
    match outcome {
        Outcome::Success(latency) => {
            p.successes += 1;
            p.total_latency = p.total_latency.saturating_add(if latency > 0 { latency as u64 } else { 0 });
            score = score.saturating_add(if latency <= FAST_LATENCY { SUCCESS_GAIN } else { SLOW_SUCCESS_GAIN });
            if score > MAX_SCORE {
                score = MAX_SCORE;
            }
        }
        Outcome::WrongResult => {
            p.wrong_results += 1;
            score = score.saturating_sub(WRONG_PENALTY);
        }
        Outcome::NoShow => {
            p.no_shows += 1;
            score = score.saturating_sub(NO_SHOW_PENALTY);
        }
    }
    p.reputation = score;
    let auth = p.authority;
    events::reputation(&auth, score);
}

/// Slashes `bps` of the provider's total stake (active first, then unbonding). The STUN stays in the vault,
/// credited to the treasury; with a challenger, challengerShareBps of it is recorded for the challenger.
pub fn slash(c: &mut Config, p: &mut Provider, bps: u16, reason: u8, t: Option<&mut Task>) {
    let total = p.stake.saturating_add(p.unbonding);
    let amount = bps_of(total, bps);
    let from_stake = if amount <= p.stake { amount } else { p.stake };
    p.stake -= from_stake;
    p.unbonding -= amount - from_stake;
    let share = match t {
        Some(_) => bps_of(amount, c.params.challenger_share_bps),
        None => 0,
    };
    c.treasury_stun = c.treasury_stun.saturating_add(amount - share);
    if let Some(t) = t {
        t.challenger_stun = t.challenger_stun.saturating_add(share);
    }
    let auth = p.authority;
    events::slashed(&auth, amount, reason);
}

/// Audit draw from slot hashes: sha256(most recent slot hash || task_id LE) mod 10000 < auditRateBps.
pub fn audit_drawn(task_id: u64, rate_bps: u16) -> Result<bool> {
    if rate_bps == 0 {
        return Ok(false);
    }
    // SlotHashes: u64 count, then (slot u64, hash [32]) newest first. Read only the newest entry.
    let mut entry = [0u8; 40];
    get_sysvar(&mut entry, &guards::SLOT_HASHES, 8)?;
    let h = sha256(&[&entry[8..40], &task_id.to_le_bytes()]);
    let v = u64::from_le_bytes([h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7]]);
    Ok(v % 10_000 < rate_bps as u64)
}

/// Consensus reached (majority index `m`): audit draw -> Audited, else Challengeable.
pub fn start_verification(c: &Config, t: &mut Task, m: u8, now: i64) -> Result<()> {
    t.majority_idx = m;
    t.status = status::VERIFYING;
    if audit_drawn(t.task_id, c.params.audit_rate_bps)? {
        t.status = status::AUDITED;
        events::task_only(event::AUDIT_REQUESTED, t.task_id);
    } else {
        t.status = status::CHALLENGEABLE;
        t.challenge_ends = now + c.params.challenge_period as i64;
    }
    Ok(())
}

/// Terminal refund: the amount stays in the task account, owed to the requester (close_task pays it).
pub fn refund(t: &mut Task, amount: u64) {
    t.refund = t.refund.saturating_add(amount);
    let req = t.requester;
    events::refunded(t.task_id, &req, amount);
}

pub fn expire(t: &mut Task) {
    t.status = status::EXPIRED;
    events::task_only(event::TASK_EXPIRED, t.task_id);
    let r = t.reward;
    refund(t, r);
}

/// Slashes every provider in the agreed majority (failed audit / lost dispute).
#[inline(always)]
pub fn slash_majority(c: &mut Config, t: &mut Task, rest: &[AccountView], reason: u8, challenger: bool, program_id: &Address) -> Result<()> {
    let bps = c.params.slash_bps_wrong_result;
    let mut i = 0;
    while i < t.redundancy as usize {
        if t.states[i] == SUBMITTED && t.result_idx[i] == t.majority_idx {
            let p = provider_at(rest, t, i, program_id)?;
            if challenger {
                slash(c, p, bps, reason, Some(t));
            } else {
                slash(c, p, bps, reason, None);
            }
            record(p, Outcome::WrongResult);
        }
        i += 1;
    }
    Ok(())
}

/// Finalized: pays the agreeing providers (credited to their Provider accounts), the treasury (Config) and the
/// model creator (Model account; treasury when the model is not registered), slashes the minority.
#[inline(always)]
pub fn finalize(c: &mut Config, config_acc: &AccountView, t: &mut Task, task_acc: &AccountView, model: &AccountView, rest: &[AccountView], program_id: &Address) -> Result<()> {
    t.status = status::FINALIZED;
    let m = t.majority_idx;
    let k = t.count_of(m) as u64;
    let reward = t.reward;
    let creator = creator_model(model, t, program_id)?;
    let each = bps_of(reward, c.params.provider_bps) / k;
    let to_creator = if creator.is_some() { bps_of(reward, c.params.creator_bps) } else { 0 };
    let to_treasury = reward - each * k - to_creator;
    let result_hash = t.results[m as usize];
    let spl = !crate::util::is_zero32(t.payment_mint.as_array());
    let mut i = 0;
    while i < t.redundancy as usize {
        if t.states[i] == SUBMITTED {
            let p = provider_at(rest, t, i, program_id)?;
            if t.result_idx[i] == m {
                if spl {
                    t.owed[i] = t.owed[i].saturating_add(each);
                } else {
                    p.earned = p.earned.saturating_add(each);
                    guards::move_lamports(task_acc, &rest[i], each)?;
                }
                record(p, Outcome::Success(t.submitted_at[i] - t.lane_assigned_at[i]));
                let auth = p.authority;
                Event::new(event::TASK_COMPLETED).u64(t.task_id).key(&auth).bytes(&result_hash).emit();
            } else {
                slash(c, p, c.params.slash_bps_wrong_result, crate::state::REASON_WRONG_RESULT, None);
                record(p, Outcome::WrongResult);
            }
        }
        i += 1;
    }
    if spl {
        // SPL escrow: amounts are claimed from the escrow (claim_spl)
        t.owed_creator = t.owed_creator.saturating_add(to_creator);
        t.owed_treasury = t.owed_treasury.saturating_add(to_treasury);
    } else {
        if let Some(mm) = creator {
            mm.earned = mm.earned.saturating_add(to_creator);
            guards::move_lamports(task_acc, model, to_creator)?;
        }
        c.treasury_accrued = c.treasury_accrued.saturating_add(to_treasury);
        guards::move_lamports(task_acc, config_acc, to_treasury)?;
    }
    Event::new(event::PAYMENT_SPLIT).u64(t.task_id).u64(each).u64(to_treasury).u64(to_creator).emit();
    events::task_only(event::TASK_FINALIZED, t.task_id);
    Ok(())
}

/// The Model account of the task, if registered. `model` must be the PDA ["model", task.model_id]: a registered
/// Model whose model_id matches, or (unregistered) the empty system account at that address.
fn creator_model(model: &AccountView, t: &Task, program_id: &Address) -> Result<Option<&'static mut crate::state::Model>> {
    if crate::util::is_zero32(&t.model_id) {
        return Ok(None);
    }
    if key_eq(model.owner(), program_id) {
        let m = load_mut::<crate::state::Model>(model, program_id)?;
        require!(crate::util::eq32(&m.model_id, &t.model_id), InvalidModel);
        return Ok(Some(m));
    }
    let seeds: [&[u8]; 2] = [b"model", &t.model_id];
    let (addr, _) = Address::find_program_address(&seeds, program_id);
    require!(key_eq(&addr, model.address()), InvalidModel);
    Ok(None)
}

/// Loads Config read-only or writable as needed.
pub fn config(acc: &AccountView, program_id: &Address) -> Result<&'static mut Config> {
    load::<Config>(acc, program_id)
}

/// Parses the submit arguments, checks them and creates the Task PDA (shared by SOL and SPL escrow).
#[inline(always)]
pub fn new_task(cx: &Ctx, config_acc: &AccountView, task_acc: &AccountView, requester: &AccountView) -> Result<&'static mut Task> {
    let program_id = cx.program_id;
    let mut a = Args::new(cx.data);
    let task_id = a.u64()?;
    let task_hash = a.bytes32()?;
    let model_id = a.bytes32()?;
    let reward = a.u64()?;
    let deadline = a.i64()?;
    let redundancy = a.u8()?;
    let req = Requirements { gpu_memory: a.u32()?, compute_capability: a.u32()?, gpu_count: a.u32()?, region: a.u32()?, privacy: a.u8()? };
    a.finish()?;
    guards::signer_writable(requester)?;
    let c = load_mut::<Config>(config_acc, program_id)?;
    guards::not_paused(c)?;
    require!(task_id == c.task_count + 1, TaskIdMismatch);
    require!(reward > 0, ZeroAmount);
    require!(redundancy >= 1 && redundancy <= c.params.max_redundancy, InvalidRedundancy);
    let t_now = now()?;
    require!(deadline > t_now, InvalidDeadline);
    let id = task_id.to_le_bytes();
    let seeds: [&[u8]; 2] = [b"task", &id];
    let bump = guards::expect_pda(task_acc, &seeds, program_id)?;
    guards::create_pda(requester, task_acc, &seeds, bump, Task::LEN, program_id)?;
    c.task_count = task_id;
    let t = init::<Task>(task_acc);
    t.task_id = task_id;
    t.requester = *requester.address();
    t.reward = reward;
    t.deadline = deadline;
    t.status = status::SUBMITTED;
    t.redundancy = redundancy;
    t.bump = bump;
    t.requirements = req;
    t.model_id = model_id;
    t.task_hash = task_hash;
    Event::new(event::TASK_SUBMITTED).u64(task_id).key(requester.address()).u64(reward).emit();
    Ok(t)
}

/// Checks `escrow` is the task's escrow token account PDA.
pub fn escrow_of(escrow: &AccountView, t: &Task, program_id: &Address) -> Result<()> {
    let id = t.task_id.to_le_bytes();
    guards::expect_pda(escrow, &[b"escrow", &id], program_id).map(|_| ())
}

/// Index of the signer's Provider account among the task's providers.
pub fn slot_of(t: &Task, provider: &AccountView, authority: &AccountView, program_id: &Address) -> Result<usize> {
    super::provider_common::load_own(provider, authority, program_id)?;
    t.lane_of(provider.address()).ok_or_else(|| fail(StunError::NotAssignedProvider))
}

/// Assignment eligibility (assign_task, reassign_provider): active, stake >= minStake, specs >= the task's
/// requirements, region (0 = any).
pub fn eligible(c: &Config, p: &Provider, req: &Requirements) -> bool {
    p.active != 0
        && p.stake >= c.params.min_stake
        && p.specs.gpu_memory >= req.gpu_memory
        && p.specs.compute_capability >= req.compute_capability
        && p.specs.gpu_count >= req.gpu_count
        && (req.region == 0 || p.specs.region == req.region)
}
