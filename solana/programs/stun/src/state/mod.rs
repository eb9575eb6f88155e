//! Account layouts. Each account is `discriminator (8) || packed little-endian fields`, byte-exact with the IDL
//! types (borsh of fixed-size fields), so `program.account.<name>.fetch()` decodes them on the client.
pub mod bridge;
pub mod config;
pub mod model;
pub mod provider;
pub mod task;

pub use {bridge::*, config::*, model::*, provider::*, task::*};

use crate::errors::{fail, Result, StunError};
use crate::util::{copy, key_eq};
use core::mem::size_of;
use pinocchio::{AccountView, Address};

/// A program-owned account type with a fixed layout.
pub trait AccountState: Sized {
    const DISC: [u8; 8];
    const LEN: usize = 8 + size_of::<Self>();
}

/// Loads a program-owned account of type T: checks owner, length and discriminator. The returned reference points
/// into the runtime's input region, which lives for the whole instruction.
pub fn load<T: AccountState>(acc: &AccountView, program_id: &Address) -> Result<&'static mut T> {
    if !key_eq(acc.owner(), program_id) {
        return Err(fail(StunError::InvalidAccountOwner));
    }
    if acc.data_len() < T::LEN {
        return Err(fail(StunError::AccountDiscriminatorMismatch));
    }
    let mut a = *acc;
    let data = unsafe { a.borrow_unchecked_mut() };
    let mut i = 0;
    while i < 8 {
        if data[i] != T::DISC[i] {
            return Err(fail(StunError::AccountDiscriminatorMismatch));
        }
        i += 1;
    }
    Ok(unsafe { &mut *(data.as_mut_ptr().add(8) as *mut T) })
}

/// Like `load`, for an account that must also be writable.
pub fn load_mut<T: AccountState>(acc: &AccountView, program_id: &Address) -> Result<&'static mut T> {
    if !acc.is_writable() {
        return Err(fail(StunError::AccountNotWritable));
    }
    load::<T>(acc, program_id)
}

/// Writes the discriminator of a freshly created account and returns its (zeroed) body.
pub fn init<T: AccountState>(acc: &AccountView) -> &'static mut T {
    let mut a = *acc;
    let data = unsafe { a.borrow_unchecked_mut() };
    copy(data, &T::DISC);
    unsafe { &mut *(data.as_mut_ptr().add(8) as *mut T) }
}
