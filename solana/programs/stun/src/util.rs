//! Helpers written once for the upstream-LLVM BPF target: no variable-length memcpy/memset (byte loops), no u128
//! or float math, small argument counts. Syscall wrappers for logging, events, hashing and the clock.
use crate::errors::{fail, Result, StunError};
use pinocchio::{
    sysvars::{clock::Clock, Sysvar},
    Address,
};

#[cfg(any(target_os = "solana", target_arch = "bpf"))]
use pinocchio::syscalls;

/// Logs a byte string (the runtime prints it as `Program log: ...`).
#[inline(always)]
pub fn log(msg: &[u8]) {
    #[cfg(any(target_os = "solana", target_arch = "bpf"))]
    unsafe {
        syscalls::sol_log_(msg.as_ptr(), msg.len() as u64)
    };
    #[cfg(not(any(target_os = "solana", target_arch = "bpf")))]
    let _ = msg;
}

/// sha256 over the concatenation of `parts`.
pub fn sha256(parts: &[&[u8]]) -> [u8; 32] {
    let mut out = [0u8; 32];
    #[cfg(any(target_os = "solana", target_arch = "bpf"))]
    unsafe {
        syscalls::sol_sha256(parts.as_ptr() as *const u8, parts.len() as u64, out.as_mut_ptr())
    };
    #[cfg(not(any(target_os = "solana", target_arch = "bpf")))]
    let _ = parts;
    out
}

/// Unix timestamp from the Clock sysvar.
pub fn now() -> Result<i64> {
    Ok(Clock::get()?.unix_timestamp)
}

/// 32-byte equality without memcmp (four u64 compares).
#[inline(always)]
pub fn eq32(a: &[u8; 32], b: &[u8; 32]) -> bool {
    let mut i = 0;
    while i < 32 {
        let x = u64::from_le_bytes([a[i], a[i + 1], a[i + 2], a[i + 3], a[i + 4], a[i + 5], a[i + 6], a[i + 7]]);
        let y = u64::from_le_bytes([b[i], b[i + 1], b[i + 2], b[i + 3], b[i + 4], b[i + 5], b[i + 6], b[i + 7]]);
        if x != y {
            return false;
        }
        i += 8;
    }
    true
}

#[inline(always)]
pub fn key_eq(a: &Address, b: &Address) -> bool {
    eq32(a.as_array(), b.as_array())
}

#[inline(always)]
pub fn is_zero32(a: &[u8; 32]) -> bool {
    eq32(a, &[0u8; 32])
}

/// Copies `src` into `dst[..src.len()]` with a byte loop (variable-length memcpy is unavailable).
#[inline(always)]
pub fn copy(dst: &mut [u8], src: &[u8]) {
    let mut i = 0;
    while i < src.len() {
        dst[i] = src[i];
        i += 1;
    }
}

/// Big-endian comparison of two 32-byte integers: a < b.
pub fn lt_be(a: &[u8; 32], b: &[u8; 32]) -> bool {
    let mut i = 0;
    while i < 32 {
        if a[i] != b[i] {
            return a[i] < b[i];
        }
        i += 1;
    }
    false
}

pub fn add(a: u64, b: u64) -> Result<u64> {
    a.checked_add(b).ok_or_else(|| fail(StunError::ArithmeticOverflow))
}
pub fn sub(a: u64, b: u64) -> Result<u64> {
    a.checked_sub(b).ok_or_else(|| fail(StunError::ArithmeticOverflow))
}
/// a * bps / 10000 without u128: splits a into high and low parts (bps <= 10000 < 2^14).
pub fn bps_of(a: u64, bps: u16) -> u64 {
    let bps = bps as u64;
    let hi = a / 10_000;
    let lo = a % 10_000;
    // hi * bps <= a and lo * bps < 10^8: neither can overflow.
    hi.wrapping_mul(bps) + lo.wrapping_mul(bps) / 10_000
}

/// A fixed stack buffer for building log lines and event payloads.
pub struct LogBuf {
    buf: [u8; 400],
    len: usize,
}

impl LogBuf {
    #[inline(always)]
    pub fn new() -> Self {
        Self { buf: [0u8; 400], len: 0 }
    }
    pub fn push(&mut self, s: &[u8]) {
        let mut i = 0;
        while i < s.len() && self.len < self.buf.len() {
            self.buf[self.len] = s[i];
            self.len += 1;
            i += 1;
        }
    }
    pub fn push_u64(&mut self, mut v: u64) {
        let mut tmp = [0u8; 20];
        let mut n = 0;
        loop {
            tmp[n] = b'0' + (v % 10) as u8;
            n += 1;
            v /= 10;
            if v == 0 {
                break;
            }
        }
        while n > 0 {
            n -= 1;
            self.push(&[tmp[n]]);
        }
    }
    pub fn as_bytes(&self) -> &[u8] {
        &self.buf[..self.len]
    }
}

impl Default for LogBuf {
    fn default() -> Self {
        Self::new()
    }
}

/// Borsh reader over instruction arguments. Every read is bounds-checked; `finish` rejects trailing bytes.
pub struct Args<'a> {
    data: &'a [u8],
    pos: usize,
}

impl<'a> Args<'a> {
    pub fn new(data: &'a [u8]) -> Self {
        Self { data, pos: 0 }
    }
    pub fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        let end = self.pos.checked_add(n).ok_or_else(|| fail(StunError::InvalidInstruction))?;
        if end > self.data.len() {
            return Err(fail(StunError::InvalidInstruction));
        }
        let s = &self.data[self.pos..end];
        self.pos = end;
        Ok(s)
    }
    pub fn array<const N: usize>(&mut self) -> Result<&'a [u8; N]> {
        Ok(self.take(N)?.try_into().unwrap())
    }
    pub fn u8(&mut self) -> Result<u8> {
        Ok(self.take(1)?[0])
    }
    pub fn bool(&mut self) -> Result<bool> {
        match self.u8()? {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(fail(StunError::InvalidInstruction)),
        }
    }
    pub fn u16(&mut self) -> Result<u16> {
        Ok(u16::from_le_bytes(*self.array::<2>()?))
    }
    pub fn u32(&mut self) -> Result<u32> {
        Ok(u32::from_le_bytes(*self.array::<4>()?))
    }
    pub fn u64(&mut self) -> Result<u64> {
        Ok(u64::from_le_bytes(*self.array::<8>()?))
    }
    pub fn i64(&mut self) -> Result<i64> {
        Ok(i64::from_le_bytes(*self.array::<8>()?))
    }
    pub fn bytes32(&mut self) -> Result<[u8; 32]> {
        Ok(*self.array::<32>()?)
    }
    /// Borsh `Vec<u8>` / `bytes`: u32 length prefix.
    pub fn vec(&mut self) -> Result<&'a [u8]> {
        let n = self.u32()? as usize;
        self.take(n)
    }
    pub fn finish(&self) -> Result<()> {
        if self.pos != self.data.len() {
            return Err(fail(StunError::InvalidInstruction));
        }
        Ok(())
    }
}
