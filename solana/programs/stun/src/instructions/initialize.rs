use crate::Ctx;
use crate::errors::Result;
use crate::guards::{self, next};
use crate::params;
use crate::state::{init, AccountState, Config};
use crate::util::{now, Args};
use pinocchio::cpi::{Seed, Signer};
use pinocchio_token::instructions::{InitializeAccount3, InitializeMint2};

pub const MINT_DECIMALS: u8 = 9;
const MINT_LEN: usize = 82;
const TOKEN_ACCOUNT_LEN: usize = 165;

/// initialize(params, roles): upgrade authority only; creates Config, the STUN mint and the stake vault.
#[inline(never)]
pub fn process(cx: &Ctx) -> Result<()> {
    let (program_id, accounts, data) = (cx.program_id, cx.accounts, cx.data);
    let it = &mut accounts.iter();
    let (config_acc, mint, vault, authority, program_data, system, token) =
        (next(it)?, next(it)?, next(it)?, next(it)?, next(it)?, next(it)?, next(it)?);
    let mut a = Args::new(data);
    let p = params::read_params(&mut a)?;
    let roles = params::read_roles(&mut a)?;
    a.finish()?;
    guards::system_program(system)?;
    guards::token_program(token)?;
    guards::signer_writable(authority)?;
    guards::upgrade_authority(program_data, authority, program_id)?;
    params::check(&p)?;

    let bump = guards::expect_pda(config_acc, &[b"config"], program_id)?;
    let mint_bump = guards::expect_pda(mint, &[b"mint"], program_id)?;
    let vault_bump = guards::expect_pda(vault, &[b"stake_vault"], program_id)?;
    guards::create_pda(authority, config_acc, &[b"config"], bump, Config::LEN, program_id)?;
    guards::create_pda(authority, mint, &[b"mint"], mint_bump, MINT_LEN, &guards::TOKEN_PROGRAM)?;
    guards::create_pda(authority, vault, &[b"stake_vault"], vault_bump, TOKEN_ACCOUNT_LEN, &guards::TOKEN_PROGRAM)?;
    InitializeMint2 { mint, decimals: MINT_DECIMALS, mint_authority: config_acc.address(), freeze_authority: None }.invoke()?;
    InitializeAccount3 { account: vault, mint, owner: config_acc.address() }.invoke()?;

    let c = init::<Config>(config_acc);
    c.bump = bump;
    c.paused = 0;
    c.mint_bump = mint_bump;
    c.vault_bump = vault_bump;
    c.params = p;
    c.roles = roles;
    c.mint = *mint.address();
    c.task_count = 0;
    c.treasury_accrued = 0;
    c.treasury_stun = 0;
    c.last_unpaused_at = now()?;
    Ok(())
}

/// Signer seeds of the Config PDA (mint authority, stake vault owner).
#[inline(always)]
pub fn with_config_signer<R>(bump: u8, f: impl FnOnce(&[Signer]) -> R) -> R {
    let b = [bump];
    let seeds = [Seed::from(b"config"), Seed::from(&b)];
    let signer = Signer::from(&seeds);
    f(core::slice::from_ref(&signer))
}
