//! bridge_burn: Solana -> hub: burn wrapped STUN, emit the message validators sign for the hub release.
use super::bridge_codec::{encode, to_message_amount, Message, CHAIN_ETHEREUM, CHAIN_SOLANA, KIND_TRANSFER};
use crate::errors::Result;
use crate::events::Event;
use crate::generated::event;
use crate::guards::{self, next};
use crate::state::{load, load_mut, Bridge, Config};
use crate::util::{key_eq, Args};
use crate::{require, Ctx};
use pinocchio_token::instructions::Burn;

/// bridge_burn(amount, dst_chain, recipient)
#[inline(never)]
pub fn process(cx: &Ctx) -> Result<()> {
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
