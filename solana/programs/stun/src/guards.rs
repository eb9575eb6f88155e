//! Account guards. Every program, sysvar and system account passed in is checked by identity (the 2022 Wormhole
//! exploit passed a fake instructions sysvar); every PDA is either derived and compared on creation or, once
//! created, recognised by owner + discriminator + the field that keys its seeds.
use crate::errors::{fail, Result, StunError};
use crate::util::key_eq;
use pinocchio::{
    cpi::{Seed, Signer},
    sysvars::{rent::Rent, Sysvar},
    AccountView, Address,
};
use pinocchio_system::instructions::{Allocate, Assign, CreateAccount, Transfer};

pub const SYSTEM_PROGRAM: Address = Address::new_from_array([0; 32]);
pub const TOKEN_PROGRAM: Address = pinocchio_token::ID;
pub const LOADER_V3: Address = Address::new_from_array([
    2, 168, 246, 145, 78, 136, 161, 176, 226, 16, 21, 62, 247, 99, 174, 43, 0, 194, 185, 61, 22, 193, 36, 210, 192, 83,
    122, 16, 4, 128, 0, 0,
]);
pub const SLOT_HASHES: Address = Address::new_from_array([
    6, 167, 213, 23, 25, 47, 10, 175, 198, 242, 101, 227, 251, 119, 204, 122, 218, 130, 197, 41, 208, 190, 59, 19, 110,
    45, 0, 85, 32, 0, 0, 0,
]);
pub const INSTRUCTIONS_SYSVAR: Address = Address::new_from_array([
    6, 167, 213, 23, 24, 123, 209, 102, 53, 218, 212, 4, 85, 253, 194, 192, 193, 36, 198, 143, 33, 86, 117, 165, 219,
    186, 203, 95, 8, 0, 0, 0,
]);
pub const ED25519_PROGRAM: Address = Address::new_from_array([
    3, 125, 70, 214, 124, 147, 251, 190, 18, 249, 66, 143, 131, 141, 64, 255, 5, 112, 116, 73, 39, 244, 138, 100, 252,
    202, 112, 68, 128, 0, 0, 0,
]);

/// Fetches the next account of the instruction or fails with InvalidInstruction (too few accounts).
pub fn next<'a>(it: &mut core::slice::Iter<'a, AccountView>) -> Result<&'a AccountView> {
    it.next().ok_or_else(|| fail(StunError::InvalidInstruction))
}

pub fn signer(acc: &AccountView) -> Result<()> {
    if !acc.is_signer() {
        return Err(fail(StunError::MissingSignature));
    }
    Ok(())
}

pub fn writable(acc: &AccountView) -> Result<()> {
    if !acc.is_writable() {
        return Err(fail(StunError::AccountNotWritable));
    }
    Ok(())
}

pub fn signer_writable(acc: &AccountView) -> Result<()> {
    signer(acc)?;
    writable(acc)
}

/// The account must be exactly `id` (program or sysvar identity check).
pub fn identity(acc: &AccountView, id: &Address) -> Result<()> {
    if !key_eq(acc.address(), id) {
        return Err(fail(StunError::InvalidProgramAccount));
    }
    Ok(())
}

pub fn system_program(acc: &AccountView) -> Result<()> {
    identity(acc, &SYSTEM_PROGRAM)
}

pub fn token_program(acc: &AccountView) -> Result<()> {
    identity(acc, &TOKEN_PROGRAM)
}

/// The signer must be `expected` (a role stored in Config).
pub fn role(acc: &AccountView, expected: &Address) -> Result<()> {
    signer(acc)?;
    if !key_eq(acc.address(), expected) {
        return Err(fail(StunError::Unauthorized));
    }
    Ok(())
}

/// Derives the PDA for `seeds` and checks `acc` is it. Returns the bump.
#[inline(always)]
pub fn expect_pda(acc: &AccountView, seeds: &[&[u8]], program_id: &Address) -> Result<u8> {
    let (addr, bump) = Address::find_program_address(seeds, program_id);
    if !key_eq(&addr, acc.address()) {
        return Err(fail(StunError::InvalidPda));
    }
    Ok(bump)
}

/// Creates the program-owned PDA `acc` (rent-exempt, `space` bytes), signed with `seeds || [bump]`. An address
/// pre-funded by someone else (a known denial-of-service on CreateAccount) is topped up, allocated and assigned.
/// Fails with AlreadyInitialized if it already has data or an owner.
/// What `create_pda` creates (one argument: upstream BPF passes at most 5 in registers).
pub struct NewPda<'a> {
    pub seeds: &'a [&'a [u8]],
    pub bump: u8,
    pub space: usize,
    pub owner: &'a Address,
}

#[inline(always)]
pub fn create_pda(payer: &AccountView, acc: &AccountView, seeds: &[&[u8]], bump: u8, space: usize, owner: &Address) -> Result<()> {
    create(payer, acc, &NewPda { seeds, bump, space, owner })
}

#[inline(never)]
fn create(payer: &AccountView, acc: &AccountView, spec: &NewPda) -> Result<()> {
    let (seeds, bump, space, owner) = (spec.seeds, spec.bump, spec.space, spec.owner);
    if !key_eq(acc.owner(), &SYSTEM_PROGRAM) || acc.data_len() != 0 {
        return Err(fail(StunError::AlreadyInitialized));
    }
    let bump_seed = [bump];
    let mut buf: [Seed; 4] = [Seed::from(&bump_seed), Seed::from(&bump_seed), Seed::from(&bump_seed), Seed::from(&bump_seed)];
    let n = seeds.len();
    if n > 3 {
        return Err(fail(StunError::InvalidInstruction));
    }
    let mut i = 0;
    while i < n {
        buf[i] = Seed::from(seeds[i]);
        i += 1;
    }
    buf[n] = Seed::from(&bump_seed);
    let signer = Signer::from(&buf[..n + 1]);
    let need = Rent::get()?.try_minimum_balance(space)?;
    let have = acc.lamports();
    if have == 0 {
        CreateAccount { from: payer, to: acc, lamports: need, space: space as u64, owner }
            .invoke_signed(core::slice::from_ref(&signer))?;
    } else {
        if have < need {
            Transfer { from: payer, to: acc, lamports: need - have }.invoke()?;
        }
        Allocate { account: acc, space: space as u64 }.invoke_signed(core::slice::from_ref(&signer))?;
        Assign { account: acc, owner }.invoke_signed(core::slice::from_ref(&signer))?;
    }
    Ok(())
}

/// Checks that `authority` is the upgrade authority of this program (ProgramData of loader v3), so only the
/// deployer can initialize.
pub fn upgrade_authority(program_data: &AccountView, authority: &AccountView, program_id: &Address) -> Result<()> {
    signer(authority)?;
    if !key_eq(program_data.owner(), &LOADER_V3) {
        return Err(fail(StunError::InvalidProgramAccount));
    }
    expect_pda(program_data, &[program_id.as_ref()], &LOADER_V3)?;
    let data = unsafe { program_data.borrow_unchecked() };
    // UpgradeableLoaderState::ProgramData { slot: u64, upgrade_authority_address: Option<Pubkey> }
    if data.len() < 45 || data[0] != 3 || data[1] != 0 || data[2] != 0 || data[3] != 0 || data[12] != 1 {
        return Err(fail(StunError::Unauthorized));
    }
    let auth: &[u8; 32] = data[13..45].try_into().unwrap();
    if !crate::util::eq32(auth, authority.address().as_array()) {
        return Err(fail(StunError::Unauthorized));
    }
    Ok(())
}

/// Moves lamports between two accounts this program may debit (program-owned source).
pub fn move_lamports(from: &AccountView, to: &AccountView, amount: u64) -> Result<()> {
    if amount == 0 {
        return Ok(());
    }
    let mut f = *from;
    let mut t = *to;
    let fl = f.lamports().checked_sub(amount).ok_or_else(|| fail(StunError::ArithmeticOverflow))?;
    let tl = t.lamports().checked_add(amount).ok_or_else(|| fail(StunError::ArithmeticOverflow))?;
    f.set_lamports(fl);
    t.set_lamports(tl);
    Ok(())
}

/// Checks `acc` is the PDA of `seeds || [bump]` (a stored bump: one hash instead of a search).
#[inline(always)]
pub fn expect_pda_bump(acc: &AccountView, seed: &[u8], bump: u8, program_id: &Address) -> Result<()> {
    let b = [bump];
    match Address::create_program_address(&[seed, &b], program_id) {
        Ok(a) if key_eq(&a, acc.address()) => Ok(()),
        _ => Err(fail(StunError::InvalidPda)),
    }
}

/// Config-level pause check.
pub fn not_paused(c: &crate::state::Config) -> Result<()> {
    if c.paused != 0 {
        return Err(fail(StunError::Paused));
    }
    Ok(())
}
