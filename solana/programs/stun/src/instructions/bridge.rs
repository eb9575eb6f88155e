//! The bridge's Solana end and the governance executor (filled in below).
use crate::Ctx;
use crate::errors::{fail, Result, StunError};


pub fn init(_cx: &Ctx) -> Result<()> {
    Err(fail(StunError::InvalidInstruction))
}
pub fn mint(_cx: &Ctx) -> Result<()> {
    Err(fail(StunError::InvalidInstruction))
}
pub fn burn(_cx: &Ctx) -> Result<()> {
    Err(fail(StunError::InvalidInstruction))
}
pub fn execute_governance(_cx: &Ctx) -> Result<()> {
    Err(fail(StunError::InvalidInstruction))
}
