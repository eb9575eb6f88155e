//! Provider registry, staking with unbonding, earnings withdrawal.
use crate::Ctx;
use crate::errors::Result;
use crate::events::Event;
use crate::generated::event;
use crate::guards::{self, next};
use crate::instructions::initialize::with_config_signer;
use crate::state::{self, init, load, load_mut, AccountState, Config, Provider, Specs, INITIAL_SCORE};
use crate::util::{add, key_eq, now, Args};
use crate::{bail, require};
use pinocchio::{AccountView, Address};
use pinocchio_token::instructions::Transfer as TokenTransfer;

fn read_specs(a: &mut Args) -> Result<Specs> {
    Ok(Specs { gpu_memory: a.u32()?, compute_capability: a.u32()?, gpu_count: a.u32()?, region: a.u32()? })
}

fn emit_specs(e: &mut Event, s: &Specs) {
    e.u32(s.gpu_memory).u32(s.compute_capability).u32(s.gpu_count).u32(s.region);
}

/// Loads the caller's Provider account: it must be the one whose `authority` signed.
pub fn load_own<'a>(provider: &AccountView, authority: &AccountView, program_id: &Address) -> Result<&'static mut Provider> {
    guards::signer(authority)?;
    let p = load::<Provider>(provider, program_id)?;
    require!(key_eq(&p.authority, authority.address()), Unauthorized);
    Ok(p)
}

/// register_provider(specs)
#[inline(never)]
pub fn register(cx: &Ctx) -> Result<()> {
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

/// update_provider(specs, active)
#[inline(never)]
pub fn update(cx: &Ctx) -> Result<()> {
    let (program_id, accounts, data) = (cx.program_id, cx.accounts, cx.data);
    let it = &mut accounts.iter();
    let (provider, authority) = (next(it)?, next(it)?);
    let mut a = Args::new(data);
    let specs = read_specs(&mut a)?;
    let active = a.bool()?;
    a.finish()?;
    guards::writable(provider)?;
    let p = load_own(provider, authority, program_id)?;
    p.specs = specs;
    p.active = active as u8;
    Event::new(event::PROVIDER_UPDATED).key(authority.address()).emit();
    Ok(())
}

/// stake(amount): STUN from `source` (owned by the authority) into the stake vault.
#[inline(never)]
pub fn stake(cx: &Ctx) -> Result<()> {
    let (program_id, accounts, data) = (cx.program_id, cx.accounts, cx.data);
    let it = &mut accounts.iter();
    let (config_acc, provider, authority, source, vault, token) =
        (next(it)?, next(it)?, next(it)?, next(it)?, next(it)?, next(it)?);
    let mut a = Args::new(data);
    let amount = a.u64()?;
    a.finish()?;
    guards::token_program(token)?;
    guards::writable(provider)?;
    let c = load::<Config>(config_acc, program_id)?;
    guards::not_paused(c)?;
    guards::expect_pda_bump(vault, b"stake_vault", c.vault_bump, program_id)?;
    let p = load_own(provider, authority, program_id)?;
    require!(amount > 0, ZeroAmount);
    TokenTransfer::new(source, vault, authority, amount).invoke()?;
    p.stake = add(p.stake, amount)?;
    Event::new(event::STAKED).key(authority.address()).u64(amount).emit();
    Ok(())
}

/// request_unstake(amount): moves stake to unbonding; withdrawable after unbondingPeriod. Unbonding stake stays
/// slashable. A new request restarts the clock for the whole unbonding amount.
#[inline(never)]
pub fn request_unstake(cx: &Ctx) -> Result<()> {
    let (program_id, accounts, data) = (cx.program_id, cx.accounts, cx.data);
    let it = &mut accounts.iter();
    let (config_acc, provider, authority) = (next(it)?, next(it)?, next(it)?);
    let mut a = Args::new(data);
    let amount = a.u64()?;
    a.finish()?;
    guards::writable(provider)?;
    let c = load::<Config>(config_acc, program_id)?;
    let p = load_own(provider, authority, program_id)?;
    require!(amount > 0, ZeroAmount);
    require!(amount <= p.stake, InsufficientStake);
    p.stake -= amount;
    p.unbonding = add(p.unbonding, amount)?;
    let unlock = now()? + c.params.unbonding_period as i64;
    p.unlock_at = unlock;
    Event::new(event::UNSTAKE_REQUESTED).key(authority.address()).u64(amount).i64(unlock).emit();
    Ok(())
}

/// withdraw_unstaked(): after unlock_at, the unbonding STUN goes to `destination`.
#[inline(never)]
pub fn withdraw_unstaked(cx: &Ctx) -> Result<()> {
    let (program_id, accounts, data) = (cx.program_id, cx.accounts, cx.data);
    let it = &mut accounts.iter();
    let (config_acc, provider, authority, vault, destination, token) =
        (next(it)?, next(it)?, next(it)?, next(it)?, next(it)?, next(it)?);
    Args::new(data).finish()?;
    guards::token_program(token)?;
    guards::writable(provider)?;
    let c = load::<Config>(config_acc, program_id)?;
    guards::expect_pda_bump(vault, b"stake_vault", c.vault_bump, program_id)?;
    let p = load_own(provider, authority, program_id)?;
    let amount = p.unbonding;
    require!(amount > 0, NothingToWithdraw);
    require!(now()? >= p.unlock_at, UnbondingNotFinished);
    p.unbonding = 0;
    with_config_signer(c.bump, |s| TokenTransfer::new(vault, destination, config_acc, amount).invoke_signed(s))?;
    Event::new(event::UNSTAKED).key(authority.address()).u64(amount).emit();
    Ok(())
}

/// withdraw_earnings(): the SOL credited to the provider account.
#[inline(never)]
pub fn withdraw_earnings(cx: &Ctx) -> Result<()> {
    let (program_id, accounts, data) = (cx.program_id, cx.accounts, cx.data);
    let it = &mut accounts.iter();
    let (provider, authority) = (next(it)?, next(it)?);
    Args::new(data).finish()?;
    guards::writable(provider)?;
    guards::writable(authority)?;
    let p = load_own(provider, authority, program_id)?;
    let amount = p.earned;
    require!(amount > 0, NothingToWithdraw);
    p.earned = 0;
    guards::move_lamports(provider, authority, amount)
}

/// register_model(model_id)
#[inline(never)]
pub fn register_model(cx: &Ctx) -> Result<()> {
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

/// withdraw_creator_earnings(model_id)
#[inline(never)]
pub fn withdraw_creator_earnings(cx: &Ctx) -> Result<()> {
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

/// withdraw_treasury(): SOL credited to the treasury goes to Config.roles.treasury.
#[inline(never)]
pub fn withdraw_treasury(cx: &Ctx) -> Result<()> {
    let (program_id, accounts, data) = (cx.program_id, cx.accounts, cx.data);
    let it = &mut accounts.iter();
    let (config_acc, treasury) = (next(it)?, next(it)?);
    Args::new(data).finish()?;
    guards::writable(treasury)?;
    let c = load_mut::<Config>(config_acc, program_id)?;
    if !key_eq(&c.roles.treasury, treasury.address()) {
        bail!(Unauthorized);
    }
    let amount = c.treasury_accrued;
    require!(amount > 0, NothingToWithdraw);
    c.treasury_accrued = 0;
    guards::move_lamports(config_acc, treasury, amount)?;
    Ok(())
}

/// withdraw_treasury_stun(): slashed STUN credited to the treasury, from the stake vault to a STUN token account
/// owned by Config.roles.treasury. Anyone may call.
#[inline(never)]
pub fn withdraw_treasury_stun(cx: &Ctx) -> Result<()> {
    let (program_id, accounts, data) = (cx.program_id, cx.accounts, cx.data);
    let it = &mut accounts.iter();
    let (config_acc, vault, destination, token) = (next(it)?, next(it)?, next(it)?, next(it)?);
    Args::new(data).finish()?;
    guards::token_program(token)?;
    let c = load_mut::<Config>(config_acc, program_id)?;
    guards::expect_pda_bump(vault, b"stake_vault", c.vault_bump, program_id)?;
    require!(key_eq(destination.owner(), &guards::TOKEN_PROGRAM) && destination.data_len() == 165, InvalidTokenAccount);
    let d = unsafe { destination.borrow_unchecked() };
    let owner: &[u8; 32] = d[32..64].try_into().unwrap();
    require!(crate::util::eq32(owner, c.roles.treasury.as_array()), Unauthorized);
    let amount = c.treasury_stun;
    require!(amount > 0, NothingToWithdraw);
    c.treasury_stun = 0;
    with_config_signer(c.bump, |s| TokenTransfer::new(vault, destination, config_acc, amount).invoke_signed(s))
}

/// set_paused(paused): the guardian may pause; unpausing needs governance (execute_governance).
#[inline(never)]
pub fn set_paused(cx: &Ctx) -> Result<()> {
    let (program_id, accounts, data) = (cx.program_id, cx.accounts, cx.data);
    let it = &mut accounts.iter();
    let (config_acc, guardian) = (next(it)?, next(it)?);
    let mut a = Args::new(data);
    let paused = a.bool()?;
    a.finish()?;
    let c = load_mut::<Config>(config_acc, program_id)?;
    guards::role(guardian, &c.roles.guardian)?;
    require!(paused, Unauthorized);
    c.paused = 1;
    Event::new(event::PAUSED).key(guardian.address()).emit();
    Ok(())
}
