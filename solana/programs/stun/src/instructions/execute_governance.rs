//! execute_governance: hub -> Solana governance (kind 2): apply an ASCII `name=value` payload.
use super::bridge_codec::{decode, CHAIN_ETHEREUM, CHAIN_SOLANA, KIND_GOVERNANCE};
use super::bridge_common::{check_quorum, consume};
use crate::errors::{fail, Result, StunError};
use crate::events::Event;
use crate::generated::event;
use crate::guards::{self, next};
use crate::state::{load_mut, Bridge, Config, MAX_VALIDATORS};
use crate::util::{eq32, lt_be, now, sha256, Args};
use crate::{bail, params, require, Ctx};
use pinocchio::Address;

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
pub fn process(cx: &Ctx) -> Result<()> {
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
