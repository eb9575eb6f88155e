//! The task lifecycle in SOL escrow: submit, cancel, assign, accept, submit_result, expire, audit, dispute,
//! finalize, close. Same state machine and events as the EVM ComputeMarketplace.
use super::task_common::{self as tc, load_task, provider_at, Outcome};
use crate::Ctx;
use crate::errors::Result;
use crate::events::{self, Event};
use crate::generated::event;
use crate::groth16;
use crate::guards::{self, next};
use crate::state::{
    self, init, load, load_mut, status, AccountState, Config, Provider, Requirements, Task, ACCEPTED, ASSIGNED,
    MAX_REDUNDANCY, SUBMITTED,
};
use crate::util::{add, bps_of, eq32, key_eq, now, sha256, Args};
use crate::{bail, require};
use pinocchio::{AccountView, Address};
use pinocchio_system::instructions::Transfer;

/// submit_task(task_id, task_hash, model_id, reward, deadline, redundancy, requirements): SOL escrow.
#[inline(never)]
pub fn submit(cx: &Ctx) -> Result<()> {
    let it = &mut cx.accounts.iter();
    let (config_acc, task_acc, requester, system) = (next(it)?, next(it)?, next(it)?, next(it)?);
    guards::system_program(system)?;
    let t = new_task(cx, config_acc, task_acc, requester)?;
    Transfer { from: requester, to: task_acc, lamports: t.reward }.invoke()?;
    Ok(())
}

/// submit_task_spl(same args): SPL escrow in the token account PDA ["escrow", task_id] (owner: Config PDA).
#[inline(never)]
pub fn submit_spl(cx: &Ctx) -> Result<()> {
    let it = &mut cx.accounts.iter();
    let (config_acc, task_acc, escrow, requester, mint, requester_token, system, token) =
        (next(it)?, next(it)?, next(it)?, next(it)?, next(it)?, next(it)?, next(it)?, next(it)?);
    guards::system_program(system)?;
    guards::token_program(token)?;
    require!(key_eq(mint.owner(), &guards::TOKEN_PROGRAM), InvalidTokenAccount);
    let t = new_task(cx, config_acc, task_acc, requester)?;
    let id = t.task_id.to_le_bytes();
    let seeds: [&[u8]; 2] = [b"escrow", &id];
    let bump = guards::expect_pda(escrow, &seeds, cx.program_id)?;
    guards::create_pda(requester, escrow, &seeds, bump, 165, &guards::TOKEN_PROGRAM)?;
    pinocchio_token::instructions::InitializeAccount3 { account: escrow, mint, owner: config_acc.address() }.invoke()?;
    pinocchio_token::instructions::Transfer::new(requester_token, escrow, requester, t.reward).invoke()?;
    t.payment_mint = *mint.address();
    Ok(())
}

/// Parses the submit arguments, checks them and creates the Task PDA (shared by SOL and SPL escrow).
#[inline(always)]
fn new_task(cx: &Ctx, config_acc: &AccountView, task_acc: &AccountView, requester: &AccountView) -> Result<&'static mut Task> {
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

/// claim_spl(task_id, slot): pull payment from an SPL task's escrow. slot 0..2: provider i (owner_account = its
/// Provider account, claimant its authority); 3: model creator (owner_account = Model); 4: treasury (claimant =
/// Config.roles.treasury); 5: the requester's refund.
#[inline(never)]
pub fn claim_spl(cx: &Ctx) -> Result<()> {
    let program_id = cx.program_id;
    let it = &mut cx.accounts.iter();
    let (config_acc, task_acc, escrow, destination, claimant, owner_account, token) =
        (next(it)?, next(it)?, next(it)?, next(it)?, next(it)?, next(it)?, next(it)?);
    let mut a = Args::new(cx.data);
    let task_id = a.u64()?;
    let slot = a.u8()?;
    a.finish()?;
    guards::token_program(token)?;
    guards::signer(claimant)?;
    let c = load::<Config>(config_acc, program_id)?;
    let t = load_task(task_acc, task_id, program_id)?;
    require!(!crate::util::is_zero32(t.payment_mint.as_array()), InvalidState);
    escrow_of(escrow, t, program_id)?;
    let amount = match slot {
        0..=2 => {
            let s = slot as usize;
            require!(s < t.redundancy as usize && key_eq(owner_account.address(), &t.providers[s]), NotAssignedProvider);
            let p = load::<Provider>(owner_account, program_id)?;
            require!(key_eq(&p.authority, claimant.address()), Unauthorized);
            let v = t.owed[s];
            t.owed[s] = 0;
            v
        }
        3 => {
            let m = load::<state::Model>(owner_account, program_id)?;
            require!(eq32(&m.model_id, &t.model_id), InvalidModel);
            require!(key_eq(&m.creator, claimant.address()), Unauthorized);
            let v = t.owed_creator;
            t.owed_creator = 0;
            v
        }
        4 => {
            require!(key_eq(&c.roles.treasury, claimant.address()), Unauthorized);
            let v = t.owed_treasury;
            t.owed_treasury = 0;
            v
        }
        5 => {
            require!(key_eq(&t.requester, claimant.address()), Unauthorized);
            let v = t.refund;
            t.refund = 0;
            v
        }
        _ => bail!(InvalidInstruction),
    };
    require!(amount > 0, NothingToWithdraw);
    crate::instructions::initialize::with_config_signer(c.bump, |s| {
        pinocchio_token::instructions::Transfer::new(escrow, destination, config_acc, amount).invoke_signed(s)
    })
}

/// cancel_task(task_id): requester, before assignment. Refund owed (close_task).
#[inline(never)]
pub fn cancel(cx: &Ctx) -> Result<()> {
    let (program_id, accounts, data) = (cx.program_id, cx.accounts, cx.data);
    let it = &mut accounts.iter();
    let (task_acc, requester) = (next(it)?, next(it)?);
    let mut a = Args::new(data);
    let task_id = a.u64()?;
    a.finish()?;
    let t = load_task(task_acc, task_id, program_id)?;
    guards::role(requester, &t.requester)?;
    require!(t.status == status::SUBMITTED, InvalidState);
    t.status = status::CANCELLED;
    events::task_only(event::TASK_CANCELLED, task_id);
    let r = t.reward;
    tc::refund(t, r);
    Ok(())
}

fn eligible(c: &Config, p: &Provider, req: &Requirements) -> bool {
    p.active != 0
        && p.stake >= c.params.min_stake
        && p.specs.gpu_memory >= req.gpu_memory
        && p.specs.compute_capability >= req.compute_capability
        && p.specs.gpu_count >= req.gpu_count
        && (req.region == 0 || p.specs.region == req.region)
}

/// assign_task(task_id): matcher; remaining accounts = `redundancy` distinct eligible Provider accounts.
#[inline(never)]
pub fn assign(cx: &Ctx) -> Result<()> {
    let (program_id, accounts, data) = (cx.program_id, cx.accounts, cx.data);
    let (head, rest) = accounts.split_at(accounts.len().min(3));
    let it = &mut head.iter();
    let (config_acc, task_acc, matcher) = (next(it)?, next(it)?, next(it)?);
    let mut a = Args::new(data);
    let task_id = a.u64()?;
    a.finish()?;
    let c = load::<Config>(config_acc, program_id)?;
    guards::not_paused(c)?;
    guards::role(matcher, &c.roles.matcher)?;
    let t = load_task(task_acc, task_id, program_id)?;
    require!(t.status == status::SUBMITTED, InvalidState);
    let t_now = now()?;
    require!(t_now <= t.deadline, DeadlinePassed);
    let r = t.redundancy as usize;
    require!(rest.len() == r, InvalidRedundancy);
    let mut e = Event::new(event::TASK_ASSIGNED);
    e.u64(task_id).u32(r as u32);
    let mut i = 0;
    while i < r {
        let p = load::<Provider>(&rest[i], program_id)?;
        require!(eligible(c, p, &t.requirements), ProviderNotEligible);
        let mut j = 0;
        while j < i {
            require!(!key_eq(&t.providers[j], rest[i].address()), DuplicateProvider);
            j += 1;
        }
        t.providers[i] = *rest[i].address();
        t.states[i] = ASSIGNED;
        let auth = p.authority;
        e.key(&auth);
        i += 1;
    }
    t.status = status::ASSIGNED;
    t.assigned_at = t_now;
    e.emit();
    Ok(())
}

/// Index of the signer's Provider account among the task's providers.
fn slot_of(t: &Task, provider: &AccountView, authority: &AccountView, program_id: &Address) -> Result<usize> {
    super::provider::load_own(provider, authority, program_id)?;
    let mut i = 0;
    while i < t.redundancy as usize {
        if key_eq(&t.providers[i], provider.address()) {
            return Ok(i);
        }
        i += 1;
    }
    bail!(NotAssignedProvider)
}

/// accept_task(task_id): an assigned provider, within acceptWindow.
#[inline(never)]
pub fn accept(cx: &Ctx) -> Result<()> {
    let (program_id, accounts, data) = (cx.program_id, cx.accounts, cx.data);
    let it = &mut accounts.iter();
    let (config_acc, task_acc, provider, authority) = (next(it)?, next(it)?, next(it)?, next(it)?);
    let mut a = Args::new(data);
    let task_id = a.u64()?;
    a.finish()?;
    let c = load::<Config>(config_acc, program_id)?;
    guards::not_paused(c)?;
    let t = load_task(task_acc, task_id, program_id)?;
    require!(t.status == status::ASSIGNED, InvalidState);
    let i = slot_of(t, provider, authority, program_id)?;
    require!(t.states[i] == ASSIGNED, AlreadyAccepted);
    require!(now()? <= t.assigned_at + c.params.accept_window as i64, AcceptWindowClosed);
    t.states[i] = ACCEPTED;
    events::task_provider(event::TASK_ACCEPTED, task_id, authority.address());
    Ok(())
}

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
pub fn submit_result(cx: &Ctx) -> Result<()> {
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
    require!(crate::util::lt_be(&result_hash, &SCALAR_FIELD), ResultHashOutOfField);
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
        require!(t_now <= t.assigned_at + c.params.accept_window as i64, AcceptWindowClosed);
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

/// expire_task(task_id): Submitted past the deadline -> Expired. Assigned past the deadline: a strict majority
/// in -> verification, else Expired; non-submitters slashed slashBpsNoShow. Assigned past the accept window with a
/// provider that neither accepted nor submitted -> Expired, that provider penalised. Remaining accounts: the
/// task's Provider accounts in order.
#[inline(never)]
pub fn expire(cx: &Ctx) -> Result<()> {
    let (program_id, accounts, data) = (cx.program_id, cx.accounts, cx.data);
    let (head, rest) = accounts.split_at(accounts.len().min(3));
    let it = &mut head.iter();
    let (config_acc, task_acc, slot_hashes) = (next(it)?, next(it)?, next(it)?);
    let mut a = Args::new(data);
    let task_id = a.u64()?;
    a.finish()?;
    guards::identity(slot_hashes, &guards::SLOT_HASHES)?;
    let c = load_mut::<Config>(config_acc, program_id)?;
    let t = load_task(task_acc, task_id, program_id)?;
    let t_now = now()?;
    let past_deadline = t_now > t.deadline;
    if t.status == status::SUBMITTED {
        require!(past_deadline, NotExpirable);
        tc::expire(t);
        return Ok(());
    }
    require!(t.status == status::ASSIGNED, InvalidState);
    require!(past_deadline || t_now > t.assigned_at + c.params.accept_window as i64, NotExpirable);
    let threshold = if past_deadline { SUBMITTED } else { ACCEPTED };
    let penalise = c.paused == 0 && c.last_unpaused_at < t.assigned_at;
    let mut no_shows = 0;
    let mut i = 0;
    while i < t.redundancy as usize {
        if t.states[i] < threshold {
            no_shows += 1;
            if penalise {
                let p = provider_at(rest, t, i, program_id)?;
                tc::slash(c, p, c.params.slash_bps_no_show, state::REASON_NO_SHOW, None);
                tc::record(p, Outcome::NoShow);
            }
        }
        i += 1;
    }
    require!(no_shows > 0, NotExpirable);
    match t.majority() {
        Some(m) if past_deadline => tc::start_verification(c, t, m, t_now)?,
        _ => tc::expire(t),
    }
    Ok(())
}

/// resolve_audit(task_id, honest): auditor. honest -> Challengeable; else the majority is slashed and the
/// requester refunded (SlashedRefunded).
#[inline(never)]
pub fn resolve_audit(cx: &Ctx) -> Result<()> {
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
    require!(t.status == status::AUDITED, InvalidState);
    Event::new(event::AUDIT_RESOLVED).u64(task_id).u8(honest as u8).emit();
    if honest {
        t.status = status::CHALLENGEABLE;
        t.challenge_ends = now()? + c.params.challenge_period as i64;
    } else {
        t.status = status::SLASHED_REFUNDED;
        tc::slash_majority(c, t, rest, state::REASON_FAILED_AUDIT, false, program_id)?;
        let r = t.reward;
        tc::refund(t, r);
    }
    Ok(())
}

/// dispute_task(task_id): requester, in the challenge window, posting disputeBondBps of the reward.
#[inline(never)]
pub fn dispute(cx: &Ctx) -> Result<()> {
    let (program_id, accounts, data) = (cx.program_id, cx.accounts, cx.data);
    let it = &mut accounts.iter();
    let (config_acc, task_acc, requester, system) = (next(it)?, next(it)?, next(it)?, next(it)?);
    let mut a = Args::new(data);
    let task_id = a.u64()?;
    a.finish()?;
    guards::system_program(system)?;
    let c = load::<Config>(config_acc, program_id)?;
    let t = load_task(task_acc, task_id, program_id)?;
    guards::role(requester, &t.requester)?;
    guards::writable(requester)?;
    require!(t.status == status::CHALLENGEABLE, InvalidState);
    require!(now()? < t.challenge_ends, ChallengeWindowClosed);
    let bond = bps_of(t.reward, c.params.dispute_bond_bps);
    if crate::util::is_zero32(t.payment_mint.as_array()) {
        Transfer { from: requester, to: task_acc, lamports: bond }.invoke()?;
    } else {
        // SPL task: the bond is in the task's token; remaining accounts [requester_token, escrow, token_program]
        let (source, escrow, token) = (next(it)?, next(it)?, next(it)?);
        guards::token_program(token)?;
        escrow_of(escrow, t, program_id)?;
        pinocchio_token::instructions::Transfer::new(source, escrow, requester, bond).invoke()?;
    }
    t.bond = bond;
    t.status = status::DISPUTED;
    Event::new(event::TASK_DISPUTED).u64(task_id).key(requester.address()).u64(bond).emit();
    Ok(())
}

/// resolve_dispute(task_id, honest): auditor. honest -> Finalized (bond to the treasury); else Refunded: the
/// majority slashed with the requester as challenger, reward and bond refunded. Accounts as finalize_task plus
/// the auditor: [config, task, auditor, model, providers...].
#[inline(never)]
pub fn resolve_dispute(cx: &Ctx) -> Result<()> {
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
    require!(t.status == status::DISPUTED, InvalidState);
    Event::new(event::AUDIT_RESOLVED).u64(task_id).u8(honest as u8).emit();
    if honest {
        let (model, providers) = rest.split_first().ok_or_else(|| crate::errors::fail(crate::errors::StunError::InvalidModel))?;
        let bond = t.bond;
        if crate::util::is_zero32(t.payment_mint.as_array()) {
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

/// finalize_task(task_id): anyone, after the challenge window.
#[inline(never)]
pub fn finalize(cx: &Ctx) -> Result<()> {
    let (program_id, accounts, data) = (cx.program_id, cx.accounts, cx.data);
    let (head, rest) = accounts.split_at(accounts.len().min(3));
    let it = &mut head.iter();
    let (config_acc, task_acc, model) = (next(it)?, next(it)?, next(it)?);
    let mut a = Args::new(data);
    let task_id = a.u64()?;
    a.finish()?;
    let c = load_mut::<Config>(config_acc, program_id)?;
    guards::not_paused(c)?;
    let t = load_task(task_acc, task_id, program_id)?;
    require!(t.status == status::CHALLENGEABLE, InvalidState);
    require!(now()? >= t.challenge_ends, ChallengeWindowOpen);
    tc::finalize(c, config_acc, t, task_acc, model, rest, program_id)
}

/// close_task(task_id): requester, terminal state; pays out everything the account still holds and closes it.
/// When a dispute was upheld the requester's challenger share of the slashed STUN is paid too: remaining accounts
/// [config, stake_vault, destination token account, token program].
#[inline(never)]
pub fn close(cx: &Ctx) -> Result<()> {
    let (program_id, accounts, data) = (cx.program_id, cx.accounts, cx.data);
    let it = &mut accounts.iter();
    let (task_acc, requester) = (next(it)?, next(it)?);
    let mut a = Args::new(data);
    let task_id = a.u64()?;
    a.finish()?;
    let t = load_task(task_acc, task_id, program_id)?;
    guards::role(requester, &t.requester)?;
    guards::writable(requester)?;
    require!(t.is_terminal(), InvalidState);
    // SPL task: the refund is claimed from the escrow first (claim_spl slot 5)
    require!(crate::util::is_zero32(t.payment_mint.as_array()) || t.refund == 0, InvalidState);
    if t.challenger_stun > 0 {
        let (config_acc, vault, destination, token) = (next(it)?, next(it)?, next(it)?, next(it)?);
        guards::token_program(token)?;
        let c = load::<Config>(config_acc, program_id)?;
        guards::expect_pda_bump(vault, b"stake_vault", c.vault_bump, program_id)?;
        let amount = t.challenger_stun;
        t.challenger_stun = 0;
        crate::instructions::initialize::with_config_signer(c.bump, |s| {
            pinocchio_token::instructions::Transfer::new(vault, destination, config_acc, amount).invoke_signed(s)
        })?;
    }
    let all = task_acc.lamports();
    guards::move_lamports(task_acc, requester, all)?;
    let mut acc = *task_acc;
    // Zero the data so a closed task cannot be read as live within this transaction.
    let data = unsafe { acc.borrow_unchecked_mut() };
    let mut i = 0;
    while i < data.len() {
        data[i] = 0;
        i += 1;
    }
    let _ = MAX_REDUNDANCY;
    Ok(())
}
