//! What the provider instructions share: the specs argument and loading the signer's own Provider account.
use crate::errors::Result;
use crate::guards;
use crate::require;
use crate::state::{load, Provider, Specs};
use crate::util::{key_eq, Args};
use pinocchio::{AccountView, Address};

pub fn read_specs(a: &mut Args) -> Result<Specs> {
    Ok(Specs { gpu_memory: a.u32()?, compute_capability: a.u32()?, gpu_count: a.u32()?, region: a.u32()? })
}

/// Loads the caller's Provider account: it must be the one whose `authority` signed.
pub fn load_own<'a>(provider: &AccountView, authority: &AccountView, program_id: &Address) -> Result<&'static mut Provider> {
    guards::signer(authority)?;
    let p = load::<Provider>(provider, program_id)?;
    require!(key_eq(&p.authority, authority.address()), Unauthorized);
    Ok(p)
}
