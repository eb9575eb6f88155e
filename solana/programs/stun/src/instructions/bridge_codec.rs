//! The shared bridge message codec (docs/protocol.md, "Bridge message"): 162 bytes, big-endian, and the digest
//! the validators sign: sha256("STUN/bridge/v1" || setVersion u32 BE || message).
use crate::errors::Result;
use crate::require;
use crate::util::sha256;

pub const MESSAGE_LEN: usize = 162;
pub const CODEC_VERSION: u8 = 1;
pub const KIND_TRANSFER: u8 = 1;
pub const KIND_GOVERNANCE: u8 = 2;
pub const CHAIN_ETHEREUM: u32 = 1;
pub const CHAIN_SOLANA: u32 = 4;
const MAX_CHAIN: u32 = 5;
/// Hub STUN has 18 decimals, wrapped STUN on Solana 9: one Solana unit is 10^9 message units.
const SCALE: u64 = 1_000_000_000;
const DOMAIN: &[u8] = b"STUN/bridge/v1";

/// A decoded bridge message (docs/protocol.md, "Bridge message").
pub struct Message {
    pub kind: u8,
    pub src: u32,
    pub dst: u32,
    pub nonce: u64,
    pub token: [u8; 32],
    pub sender: [u8; 32],
    pub recipient: [u8; 32],
    pub amount_hi: u64,
    pub amount_lo: u64,
    pub payload_hash: [u8; 32],
}

fn be32(b: &[u8], o: usize) -> u32 {
    u32::from_be_bytes([b[o], b[o + 1], b[o + 2], b[o + 3]])
}
fn be64(b: &[u8], o: usize) -> u64 {
    u64::from_be_bytes([b[o], b[o + 1], b[o + 2], b[o + 3], b[o + 4], b[o + 5], b[o + 6], b[o + 7]])
}
pub fn w32(b: &[u8], o: usize) -> [u8; 32] {
    b[o..o + 32].try_into().unwrap()
}

/// Decodes and checks what every destination checks first (same error names as the shared vectors).
pub fn decode(b: &[u8]) -> Result<Message> {
    require!(b.len() == MESSAGE_LEN, BadLength);
    require!(b[0] == CODEC_VERSION, UnsupportedVersion);
    require!(b[1] == KIND_TRANSFER || b[1] == KIND_GOVERNANCE, UnknownKind);
    let (src, dst) = (be32(b, 2), be32(b, 6));
    require!(src >= 1 && src <= MAX_CHAIN && dst >= 1 && dst <= MAX_CHAIN, UnknownChain);
    require!(src != dst, SameChain);
    Ok(Message {
        kind: b[1],
        src,
        dst,
        nonce: be64(b, 10),
        token: w32(b, 18),
        sender: w32(b, 50),
        recipient: w32(b, 82),
        amount_hi: be64(b, 114),
        amount_lo: be64(b, 122),
        payload_hash: w32(b, 130),
    })
}

pub fn encode(m: &Message) -> [u8; MESSAGE_LEN] {
    let mut b = [0u8; MESSAGE_LEN];
    b[0] = CODEC_VERSION;
    b[1] = m.kind;
    let mut put = |o: usize, s: &[u8]| {
        let mut i = 0;
        while i < s.len() {
            b[o + i] = s[i];
            i += 1;
        }
    };
    put(2, &m.src.to_be_bytes());
    put(6, &m.dst.to_be_bytes());
    put(10, &m.nonce.to_be_bytes());
    put(18, &m.token);
    put(50, &m.sender);
    put(82, &m.recipient);
    put(114, &m.amount_hi.to_be_bytes());
    put(122, &m.amount_lo.to_be_bytes());
    put(130, &m.payload_hash);
    b
}

pub fn digest(set_version: u32, msg: &[u8]) -> [u8; 32] {
    sha256(&[DOMAIN, &set_version.to_be_bytes(), msg])
}

/// u128 message amount (18 decimals) -> u64 Solana amount (9 decimals), exact. No u128 on upstream BPF: long
/// division by 10^9 over four 32-bit limbs.
pub fn to_local_amount(hi: u64, lo: u64) -> Result<u64> {
    let limbs = [hi >> 32, hi & 0xffff_ffff, lo >> 32, lo & 0xffff_ffff];
    let mut q = [0u64; 4];
    let mut rem = 0u64;
    let mut i = 0;
    while i < 4 {
        let cur = (rem << 32) | limbs[i];
        q[i] = cur / SCALE;
        rem = cur % SCALE;
        i += 1;
    }
    require!(rem == 0 && q[0] == 0 && q[1] == 0, AmountNotRepresentable);
    Ok((q[2] << 32) | q[3])
}

/// u64 Solana amount -> (hi, lo) of the u128 message amount (x * 10^9).
pub fn to_message_amount(x: u64) -> (u64, u64) {
    let lo_p = (x & 0xffff_ffff) * SCALE; // < 2^62
    let hi_p = (x >> 32) * SCALE; // < 2^62
    let (lo, carry) = lo_p.overflowing_add(hi_p << 32);
    ((hi_p >> 32) + carry as u64, lo)
}
