//! Anchor-compatible events: `sol_log_data(discriminator || borsh(fields))`, shown as `Program data: <base64>`
//! and decoded by Anchor's EventParser / BorshEventCoder with the IDL. Names and fields follow docs/protocol.md.
use crate::generated::event;
use pinocchio::Address;

pub struct Event {
    buf: [u8; 320],
    len: usize,
}

impl Event {
    #[inline(always)]
    pub fn new(disc: [u8; 8]) -> Self {
        let mut e = Self { buf: [0u8; 320], len: 0 };
        e.bytes(&disc);
        e
    }
    pub fn bytes(&mut self, s: &[u8]) -> &mut Self {
        let mut i = 0;
        while i < s.len() {
            self.buf[self.len] = s[i];
            self.len += 1;
            i += 1;
        }
        self
    }
    pub fn u8(&mut self, v: u8) -> &mut Self {
        self.bytes(&[v])
    }
    pub fn u16(&mut self, v: u16) -> &mut Self {
        self.bytes(&v.to_le_bytes())
    }
    pub fn u32(&mut self, v: u32) -> &mut Self {
        self.bytes(&v.to_le_bytes())
    }
    pub fn u64(&mut self, v: u64) -> &mut Self {
        self.bytes(&v.to_le_bytes())
    }
    pub fn i64(&mut self, v: i64) -> &mut Self {
        self.bytes(&v.to_le_bytes())
    }
    pub fn key(&mut self, k: &Address) -> &mut Self {
        self.bytes(k.as_array())
    }
    pub fn emit(&self) {
        #[cfg(any(target_os = "solana", target_arch = "bpf"))]
        unsafe {
            let slice: [&[u8]; 1] = [&self.buf[..self.len]];
            pinocchio::syscalls::sol_log_data(slice.as_ptr() as *const u8, 1)
        };
    }
}

pub fn task_only(disc: [u8; 8], task_id: u64) {
    Event::new(disc).u64(task_id).emit();
}

pub fn task_provider(disc: [u8; 8], task_id: u64, provider: &Address) {
    Event::new(disc).u64(task_id).key(provider).emit();
}

pub fn refunded(task_id: u64, to: &Address, amount: u64) {
    Event::new(event::REFUNDED).u64(task_id).key(to).u64(amount).emit();
}

pub fn slashed(provider: &Address, amount: u64, reason: u8) {
    Event::new(event::SLASHED).key(provider).u64(amount).u8(reason).emit();
}

pub fn reputation(provider: &Address, score: u16) {
    Event::new(event::REPUTATION_UPDATED).key(provider).u16(score).emit();
}
