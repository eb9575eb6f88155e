//! Error reporting. Codes and messages are generated from the IDL spec (`generated.rs`); every failure is logged
//! in Anchor's format so `AnchorError.parse` on the client recovers the name and code.
use crate::util::{log, LogBuf};
pub use crate::generated::StunError;
use pinocchio::error::ProgramError;

impl From<StunError> for ProgramError {
    fn from(e: StunError) -> Self {
        ProgramError::Custom(e as u32)
    }
}

/// Logs `AnchorError occurred. Error Code: <name>. Error Number: <code>. Error Message: <msg>.` and returns the
/// custom program error.
#[cold]
#[inline(never)]
pub fn fail(e: StunError) -> ProgramError {
    let mut b = LogBuf::new();
    b.push(b"AnchorError occurred. Error Code: ");
    b.push(e.name().as_bytes());
    b.push(b". Error Number: ");
    b.push_u64(e as u64);
    b.push(b". Error Message: ");
    b.push(e.message().as_bytes());
    b.push(b".");
    log(b.as_bytes());
    ProgramError::Custom(e as u32)
}

/// `return Err(fail(StunError::X))` in one token.
#[macro_export]
macro_rules! bail {
    ($e:ident) => {
        return Err($crate::errors::fail($crate::errors::StunError::$e))
    };
}

/// `require!(cond, X)`: fails with StunError::X unless cond holds.
#[macro_export]
macro_rules! require {
    ($c:expr, $e:ident) => {
        if !($c) {
            $crate::bail!($e);
        }
    };
}

pub type Result<T> = core::result::Result<T, ProgramError>;
