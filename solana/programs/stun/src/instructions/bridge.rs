//! The bridge's Solana end and the governance executor.
//!   bridge_mint:        hub -> Solana transfer (kind 1): mint wrapped STUN on a validator quorum.
//!   bridge_burn:        Solana -> hub: burn wrapped STUN, emit the message validators sign for the hub release.
//!   execute_governance: hub -> Solana governance (kind 2): apply an ASCII `name=value` payload.
//! Signatures: ed25519 over sha256("STUN/bridge/v1" || setVersion u32 BE || message), verified by Ed25519
//! precompile instructions in the same transaction and read back through the instructions sysvar (identity
//! checked). Replay: the PDA ["nonce", srcChain BE, nonce BE] is created once per consumed message.
use crate::errors::{fail, Result, StunError};
use crate::events::Event;
use crate::generated::event;
use crate::guards::{self, next};
use crate::instructions::initialize::with_config_signer;
use crate::state::{init, load, load_mut, AccountState, Bridge, Config, Nonce, MAX_VALIDATORS};
use crate::util::{eq32, key_eq, lt_be, now, sha256, Args};
use crate::{bail, params, require, Ctx};
use pinocchio::{AccountView, Address};
use pinocchio_token::instructions::{Burn, MintTo};

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
fn w32(b: &[u8], o: usize) -> [u8; 32] {
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
fn check_quorum(b: &Bridge, msg: &[u8], ix_sysvar: &AccountView) -> Result<()> {
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
fn consume(payer: &AccountView, nonce_acc: &AccountView, m: &Message, program_id: &Address) -> Result<()> {
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

fn read_validators(a: &mut Args, b: &mut [[u8; 32]; MAX_VALIDATORS]) -> Result<u8> {
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

/// init_bridge(hub_token, threshold, validators, rate_limit, rate_window): upgrade authority only.
#[inline(never)]
pub fn init_bridge(cx: &Ctx) -> Result<()> {
    let it = &mut cx.accounts.iter();
    let (config_acc, bridge, authority, program_data, system) = (next(it)?, next(it)?, next(it)?, next(it)?, next(it)?);
    let mut a = Args::new(cx.data);
    let hub_token = a.bytes32()?;
    let threshold = a.u8()?;
    let mut vals = [[0u8; 32]; MAX_VALIDATORS];
    let count = read_validators(&mut a, &mut vals)?;
    let rate_limit = a.u64()?;
    let rate_window = a.u32()?;
    a.finish()?;
    guards::system_program(system)?;
    guards::signer_writable(authority)?;
    guards::upgrade_authority(program_data, authority, cx.program_id)?;
    load::<Config>(config_acc, cx.program_id)?;
    require!(threshold >= 1 && threshold <= count, TooManyValidators);
    let bump = guards::expect_pda(bridge, &[b"bridge"], cx.program_id)?;
    guards::create_pda(authority, bridge, &[b"bridge"], bump, Bridge::LEN, cx.program_id)?;
    let b = init::<Bridge>(bridge);
    b.bump = bump;
    b.threshold = threshold;
    b.count = count;
    b.set_version = 1;
    b.hub_token = hub_token;
    b.validators = vals;
    b.rate_limit = rate_limit;
    b.rate_window = rate_window;
    Event::new(event::VALIDATOR_SET_UPDATED).u32(1).u8(threshold).i64(0).emit();
    Ok(())
}


/// Inbound rate limit per window.
fn rate_limit(b: &mut Bridge, amount: u64) -> Result<()> {
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

/// bridge_mint(message)
#[inline(never)]
pub fn mint(cx: &Ctx) -> Result<()> {
    let it = &mut cx.accounts.iter();
    let (config_acc, bridge, nonce_acc, mint, recipient_token, payer, ix_sysvar, token, system) =
        (next(it)?, next(it)?, next(it)?, next(it)?, next(it)?, next(it)?, next(it)?, next(it)?, next(it)?);
    let mut a = Args::new(cx.data);
    let bytes = a.vec()?;
    a.finish()?;
    let m = decode(bytes)?;
    require!(m.kind == KIND_TRANSFER, InvalidBridgeMessage);
    require!(m.src == CHAIN_ETHEREUM && m.dst == CHAIN_SOLANA, WrongChain);
    guards::system_program(system)?;
    guards::token_program(token)?;
    guards::signer_writable(payer)?;
    let c = load::<Config>(config_acc, cx.program_id)?;
    guards::not_paused(c)?;
    require!(key_eq(mint.address(), &c.mint), InvalidTokenAccount);
    let b = load_mut::<Bridge>(bridge, cx.program_id)?;
    require!(eq32(&m.token, &b.hub_token), InvalidBridgeMessage);
    check_quorum(b, bytes, ix_sysvar)?;
    consume(payer, nonce_acc, &m, cx.program_id)?;
    let amount = to_local_amount(m.amount_hi, m.amount_lo)?;
    require!(amount > 0, ZeroAmount);
    rate_limit(b, amount)?;
    // recipient token account: STUN mint, owned by the message recipient
    require!(key_eq(recipient_token.owner(), &guards::TOKEN_PROGRAM) && recipient_token.data_len() == 165, InvalidTokenAccount);
    let d = unsafe { recipient_token.borrow_unchecked() };
    require!(eq32(&w32(d, 0), c.mint.as_array()) && eq32(&w32(d, 32), &m.recipient), InvalidTokenAccount);
    with_config_signer(c.bump, |s| MintTo::new(mint, recipient_token, config_acc, amount).invoke_signed(s))?;
    Event::new(event::BRIDGE_MINTED).u32(m.src).u64(m.nonce).bytes(&m.recipient).u64(amount).emit();
    Ok(())
}

/// bridge_burn(amount, dst_chain, recipient)
#[inline(never)]
pub fn burn(cx: &Ctx) -> Result<()> {
    let it = &mut cx.accounts.iter();
    let (config_acc, bridge, mint, source, owner, token) = (next(it)?, next(it)?, next(it)?, next(it)?, next(it)?, next(it)?);
    let mut a = Args::new(cx.data);
    let amount = a.u64()?;
    let dst = a.u32()?;
    let recipient = a.bytes32()?;
    a.finish()?;
    guards::token_program(token)?;
    guards::signer(owner)?;
    let c = load::<Config>(config_acc, cx.program_id)?;
    guards::not_paused(c)?;
    require!(key_eq(mint.address(), &c.mint), InvalidTokenAccount);
    require!(dst == CHAIN_ETHEREUM, WrongChain);
    require!(amount > 0, ZeroAmount);
    let b = load_mut::<Bridge>(bridge, cx.program_id)?;
    Burn::new(source, mint, owner, amount).invoke()?;
    b.outbound_nonce += 1;
    let (hi, lo) = to_message_amount(amount);
    let m = Message {
        kind: KIND_TRANSFER,
        src: CHAIN_SOLANA,
        dst,
        nonce: b.outbound_nonce,
        token: b.hub_token,
        sender: *owner.address().as_array(),
        recipient,
        amount_hi: hi,
        amount_lo: lo,
        payload_hash: [0u8; 32],
    };
    let bytes = encode(&m);
    Event::new(event::BRIDGE_BURNED).u32(dst).u64(m.nonce).key(owner.address()).bytes(&recipient).u64(amount).bytes(&bytes).emit();
    Ok(())
}

// ---- governance ------------------------------------------------------------------------------------------------

fn parse_u64(s: &[u8]) -> Result<u64> {
    // at most 19 digits: < 10^19 < 2^64, so no overflow check is needed (checked_mul would need __multi3)
    require!(!s.is_empty() && s.len() <= 19, UnknownGovernanceAction);
    let mut v: u64 = 0;
    let mut i = 0;
    while i < s.len() {
        let c = s[i];
        require!(c.is_ascii_digit(), UnknownGovernanceAction);
        v = v.wrapping_mul(10) + (c - b'0') as u64;
        i += 1;
    }
    Ok(v)
}

fn parse_hex32(s: &[u8]) -> Result<[u8; 32]> {
    let s = if s.len() == 66 && s[0] == b'0' && s[1] == b'x' { &s[2..] } else { s };
    require!(s.len() == 64, UnknownGovernanceAction);
    let nib = |c: u8| -> Result<u8> {
        match c {
            b'0'..=b'9' => Ok(c - b'0'),
            b'a'..=b'f' => Ok(c - b'a' + 10),
            b'A'..=b'F' => Ok(c - b'A' + 10),
            _ => Err(fail(StunError::UnknownGovernanceAction)),
        }
    };
    let mut out = [0u8; 32];
    let mut i = 0;
    while i < 32 {
        out[i] = (nib(s[2 * i])? << 4) | nib(s[2 * i + 1])?;
        i += 1;
    }
    Ok(out)
}

/// Splits `s` at the first `sep`.
fn split(s: &[u8], sep: u8) -> (&[u8], &[u8]) {
    let mut i = 0;
    while i < s.len() {
        if s[i] == sep {
            return (&s[..i], &s[i + 1..]);
        }
        i += 1;
    }
    (s, &[])
}

fn changed(name: &[u8], old: u64, new: u64) {
    let mut e = Event::new(event::PARAMETER_CHANGED);
    e.u32(name.len() as u32).bytes(name).u64(old).u64(new).emit();
}

fn same(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// Applies one `name=value` governance payload.
#[inline(always)]
fn apply(c: &mut Config, b: &mut Bridge, payload: &[u8], by: &Address) -> Result<()> {
    let (name, value) = split(payload, b'=');
    let mut p = c.params;
    macro_rules! num {
        ($($n:literal => $f:ident : $t:ty),* $(,)?) => {
            $(if same(name, $n) {
                let v = parse_u64(value)?;
                require!(v <= <$t>::MAX as u64, ParameterOutOfBounds);
                let old = p.$f as u64;
                p.$f = v as $t;
                params::check(&p)?;
                c.params = p;
                changed(name, old, v);
                return Ok(());
            })*
        };
    }
    num!(
        b"minStake" => min_stake: u64,
        b"unbondingPeriod" => unbonding_period: u64,
        b"challengePeriod" => challenge_period: u32,
        b"acceptWindow" => accept_window: u32,
        b"slashBpsWrongResult" => slash_bps_wrong_result: u16,
        b"slashBpsNoShow" => slash_bps_no_show: u16,
        b"auditRateBps" => audit_rate_bps: u16,
        b"disputeBondBps" => dispute_bond_bps: u16,
        b"challengerShareBps" => challenger_share_bps: u16,
        b"maxRedundancy" => max_redundancy: u8,
    );
    if same(name, b"feeSplit") {
        let (pv, rest) = split(value, b',');
        let (tv, cv) = split(rest, b',');
        let (pp, tt, cc) = (parse_u64(pv)?, parse_u64(tv)?, parse_u64(cv)?);
        require!(pp <= 10_000 && tt <= 10_000 && cc <= 10_000, ParameterOutOfBounds);
        p.provider_bps = pp as u16;
        p.treasury_bps = tt as u16;
        p.creator_bps = cc as u16;
        params::check(&p)?;
        c.params = p;
        changed(b"providerBps", 0, pp);
        changed(b"treasuryBps", 0, tt);
        changed(b"creatorBps", 0, cc);
        return Ok(());
    }
    if same(name, b"paused") {
        let v = parse_u64(value)?;
        require!(v <= 1, UnknownGovernanceAction);
        c.paused = v as u8;
        if v == 0 {
            c.last_unpaused_at = now()?;
            Event::new(event::UNPAUSED).key(by).emit();
        } else {
            Event::new(event::PAUSED).key(by).emit();
        }
        return Ok(());
    }
    if same(name, b"bridgeRateLimit") {
        let v = parse_u64(value)?;
        changed(name, b.rate_limit, v);
        b.rate_limit = v;
        return Ok(());
    }
    if same(name, b"bridgeRateWindow") {
        let v = parse_u64(value)?;
        require!(v <= u32::MAX as u64, ParameterOutOfBounds);
        changed(name, b.rate_window as u64, v);
        b.rate_window = v as u32;
        return Ok(());
    }
    macro_rules! role {
        ($($n:literal => $f:ident),*) => {
            $(if same(name, $n) {
                c.roles.$f = Address::new_from_array(parse_hex32(value)?);
                changed(name, 0, 0);
                return Ok(());
            })*
        };
    }
    role!(b"treasury" => treasury, b"guardian" => guardian, b"matcher" => matcher, b"auditor" => auditor);
    if same(name, b"validators") {
        // validators=<threshold>,<expiresOldSeconds>,<hex key>,<hex key>,... (keys strictly ascending)
        let (th, rest) = split(value, b',');
        let (exp, mut keys) = split(rest, b',');
        let threshold = parse_u64(th)?;
        let expires = parse_u64(exp)?;
        let mut vals = [[0u8; 32]; MAX_VALIDATORS];
        let mut n = 0;
        while !keys.is_empty() {
            require!(n < MAX_VALIDATORS, TooManyValidators);
            let (k, r) = split(keys, b',');
            vals[n] = parse_hex32(k)?;
            require!(n == 0 || lt_be(&vals[n - 1], &vals[n]), TooManyValidators);
            n += 1;
            keys = r;
        }
        require!(n >= 1 && threshold >= 1 && threshold <= n as u64, TooManyValidators);
        b.old_validators = b.validators;
        b.old_count = b.count;
        b.old_threshold = b.threshold;
        let expires_at = now()? + expires as i64;
        b.old_expires_at = expires_at;
        b.validators = vals;
        b.count = n as u8;
        b.threshold = threshold as u8;
        b.set_version += 1;
        Event::new(event::VALIDATOR_SET_UPDATED).u32(b.set_version).u8(b.threshold).i64(expires_at).emit();
        return Ok(());
    }
    bail!(UnknownGovernanceAction)
}

/// execute_governance(message, payload)
#[inline(never)]
pub fn execute_governance(cx: &Ctx) -> Result<()> {
    let it = &mut cx.accounts.iter();
    let (config_acc, bridge, nonce_acc, payer, ix_sysvar, system) = (next(it)?, next(it)?, next(it)?, next(it)?, next(it)?, next(it)?);
    let mut a = Args::new(cx.data);
    let bytes = a.vec()?;
    let payload = a.vec()?;
    a.finish()?;
    let m = decode(bytes)?;
    require!(m.kind == KIND_GOVERNANCE, InvalidBridgeMessage);
    require!(m.src == CHAIN_ETHEREUM && m.dst == CHAIN_SOLANA, WrongChain);
    guards::system_program(system)?;
    guards::signer_writable(payer)?;
    require!(eq32(&sha256(&[payload]), &m.payload_hash), PayloadHashMismatch);
    let c = load_mut::<Config>(config_acc, cx.program_id)?;
    let b = load_mut::<Bridge>(bridge, cx.program_id)?;
    check_quorum(b, bytes, ix_sysvar)?;
    consume(payer, nonce_acc, &m, cx.program_id)?;
    apply(c, b, payload, payer.address())
}
