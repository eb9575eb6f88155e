//! What the bridge instructions share. Signatures: ed25519 over the codec digest, verified by Ed25519 precompile
//! instructions in the same transaction and read back through the instructions sysvar (identity checked).
//! Replay: the PDA ["nonce", srcChain BE, nonce BE] is created once per consumed message.
use super::bridge_codec::{digest, Message};
use crate::errors::{fail, Result, StunError};
use crate::guards;
use crate::state::{init, AccountState, Bridge, Nonce, MAX_VALIDATORS};
use crate::util::{eq32, key_eq, lt_be, now, Args};
use crate::{bail, require};
use pinocchio::{AccountView, Address};

/// Ed25519 precompile signatures in this transaction over `expected` (pubkeys in instruction order).
fn signers_of(ix_sysvar: &AccountView, expected: &[u8; 32], out: &mut [[u8; 32]; 16]) -> Result<usize> {
    guards::identity(ix_sysvar, &guards::INSTRUCTIONS_SYSVAR)?;
    let d = unsafe { ix_sysvar.borrow_unchecked() };
    let bad = || fail(StunError::InvalidSignatureInstruction);
    let rd16 = |o: usize| -> Result<usize> {
        if o + 2 > d.len() {
            return Err(bad());
        }
        Ok(u16::from_le_bytes([d[o], d[o + 1]]) as usize)
    };
    let n_ix = rd16(0)?;
    let mut n = 0;
    let mut i = 0;
    while i < n_ix {
        let mut o = rd16(2 + 2 * i)?;
        let n_acc = rd16(o)?;
        o += 2 + 33 * n_acc;
        if o + 34 > d.len() {
            return Err(bad());
        }
        let pid: [u8; 32] = d[o..o + 32].try_into().unwrap();
        o += 32;
        let len = rd16(o)?;
        o += 2;
        if o + len > d.len() {
            return Err(bad());
        }
        if eq32(&pid, guards::ED25519_PROGRAM.as_array()) {
            let data = &d[o..o + len];
            if data.len() < 2 {
                return Err(bad());
            }
            let sigs = data[0] as usize;
            let mut s = 0;
            while s < sigs {
                let b = 2 + 14 * s;
                if b + 14 > data.len() {
                    return Err(bad());
                }
                let f = |k: usize| u16::from_le_bytes([data[b + 2 * k], data[b + 2 * k + 1]]) as usize;
                let (pk_off, msg_off, msg_len) = (f(2), f(4), f(5));
                // signature, key and message must all live in the precompile instruction itself
                if f(1) != 0xffff || f(3) != 0xffff || f(6) != 0xffff || msg_len != 32 || pk_off + 32 > data.len() || msg_off + 32 > data.len() {
                    return Err(bad());
                }
                let msg: [u8; 32] = data[msg_off..msg_off + 32].try_into().unwrap();
                if eq32(&msg, expected) {
                    if n == out.len() {
                        return Err(bad());
                    }
                    out[n] = data[pk_off..pk_off + 32].try_into().unwrap();
                    n += 1;
                }
                s += 1;
            }
        }
        i += 1;
    }
    Ok(n)
}

/// Counts distinct signers of `set` among `signers` (which must be strictly ascending).
fn count_in(signers: &[[u8; 32]], set: &[[u8; 32]; MAX_VALIDATORS], count: u8) -> Result<usize> {
    let mut c = 0;
    let mut i = 0;
    while i < signers.len() {
        if i > 0 && !lt_be(&signers[i - 1], &signers[i]) {
            bail!(SignersNotAscending);
        }
        let mut j = 0;
        while j < count as usize {
            if eq32(&signers[i], &set[j]) {
                c += 1;
                break;
            }
            j += 1;
        }
        i += 1;
    }
    Ok(c)
}

/// The message must be signed by `threshold` validators of the current set, or of the previous set until it
/// expires.
pub fn check_quorum(b: &Bridge, msg: &[u8], ix_sysvar: &AccountView) -> Result<()> {
    let mut signers = [[0u8; 32]; 16];
    let n = signers_of(ix_sysvar, &digest(b.set_version, msg), &mut signers)?;
    if n > 0 && count_in(&signers[..n], &b.validators, b.count)? >= b.threshold as usize {
        return Ok(());
    }
    if b.old_count > 0 && b.set_version > 1 {
        let n = signers_of(ix_sysvar, &digest(b.set_version - 1, msg), &mut signers)?;
        if n > 0 && count_in(&signers[..n], &b.old_validators, b.old_count)? >= b.old_threshold as usize {
            require!(now()? < b.old_expires_at, ValidatorSetExpired);
            return Ok(());
        }
    }
    bail!(QuorumNotReached)
}

/// Creates the nonce PDA of (src, nonce); NonceConsumed if it exists.
pub fn consume(payer: &AccountView, nonce_acc: &AccountView, m: &Message, program_id: &Address) -> Result<()> {
    require!(!key_eq(nonce_acc.owner(), program_id), NonceConsumed);
    let (s, n) = (m.src.to_be_bytes(), m.nonce.to_be_bytes());
    let seeds: [&[u8]; 3] = [b"nonce", &s, &n];
    let bump = guards::expect_pda(nonce_acc, &seeds, program_id)?;
    guards::create_pda(payer, nonce_acc, &seeds, bump, Nonce::LEN, program_id)?;
    let x = init::<Nonce>(nonce_acc);
    x.src_chain = m.src;
    x.nonce = m.nonce;
    Ok(())
}

pub fn read_validators(a: &mut Args, b: &mut [[u8; 32]; MAX_VALIDATORS]) -> Result<u8> {
    let n = a.u32()? as usize;
    require!(n >= 1 && n <= MAX_VALIDATORS, TooManyValidators);
    let mut i = 0;
    while i < n {
        b[i] = a.bytes32()?;
        require!(i == 0 || lt_be(&b[i - 1], &b[i]), TooManyValidators);
        i += 1;
    }
    Ok(n as u8)
}

/// Inbound rate limit per window.
pub fn rate_limit(b: &mut Bridge, amount: u64) -> Result<()> {
    let t = now()?;
    if t >= b.window_start + b.rate_window as i64 {
        b.window_start = t;
        b.window_used = 0;
    }
    let used = b.window_used.checked_add(amount).ok_or_else(|| fail(StunError::RateLimited))?;
    require!(used <= b.rate_limit, RateLimited);
    b.window_used = used;
    Ok(())
}
