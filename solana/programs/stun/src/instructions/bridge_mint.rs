//! bridge_mint: hub -> Solana transfer (kind 1): mint wrapped STUN on a validator quorum.
use super::bridge_codec::{decode, to_local_amount, w32, CHAIN_ETHEREUM, CHAIN_SOLANA, KIND_TRANSFER};
use super::bridge_common::{check_quorum, consume, rate_limit};
use super::initialize::with_config_signer;
use crate::errors::Result;
use crate::events::Event;
use crate::generated::event;
use crate::guards::{self, next};
use crate::state::{load, load_mut, Bridge, Config};
use crate::util::{eq32, key_eq, Args};
use crate::{require, Ctx};
use pinocchio_token::instructions::MintTo;

/// bridge_mint(message)
#[inline(never)]
pub fn process(cx: &Ctx) -> Result<()> {
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
