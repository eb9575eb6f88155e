//! claim_spl: pull payments out of an SPL task's escrow.
use super::initialize::with_config_signer;
use super::task_common::{escrow_of, load_task};
use crate::errors::Result;
use crate::guards::{self, next};
use crate::state::{self, load, Config, Provider};
use crate::util::{eq32, is_zero32, key_eq, Args};
use crate::{bail, require, Ctx};

/// claim_spl(task_id, slot): pull payment from an SPL task's escrow. slot 0..2: provider i (owner_account = its
/// Provider account, claimant its authority); 3: model creator (owner_account = Model); 4: treasury (claimant =
/// Config.roles.treasury); 5: the requester's refund.
#[inline(never)]
pub fn process(cx: &Ctx) -> Result<()> {
    let program_id = cx.program_id;
    let it = &mut cx.accounts.iter();
    let (config_acc, task_acc, escrow, destination, claimant, owner_account, token) =
        (next(it)?, next(it)?, next(it)?, next(it)?, next(it)?, next(it)?, next(it)?);
    let mut a = Args::new(cx.data);
    let task_id = a.u64()?;
    let slot = a.u8()?;
    a.finish()?;
    guards::token_program(token)?;
    guards::signer(claimant)?;
    let c = load::<Config>(config_acc, program_id)?;
    let t = load_task(task_acc, task_id, program_id)?;
    require!(!is_zero32(t.payment_mint.as_array()), InvalidState);
    escrow_of(escrow, t, program_id)?;
    let amount = match slot {
        0..=2 => {
            let s = slot as usize;
            require!(s < t.redundancy as usize && key_eq(owner_account.address(), &t.providers[s]), NotAssignedProvider);
            let p = load::<Provider>(owner_account, program_id)?;
            require!(key_eq(&p.authority, claimant.address()), Unauthorized);
            let v = t.owed[s];
            t.owed[s] = 0;
            v
        }
        3 => {
            let m = load::<state::Model>(owner_account, program_id)?;
            require!(eq32(&m.model_id, &t.model_id), InvalidModel);
            require!(key_eq(&m.creator, claimant.address()), Unauthorized);
            let v = t.owed_creator;
            t.owed_creator = 0;
            v
        }
        4 => {
            require!(key_eq(&c.roles.treasury, claimant.address()), Unauthorized);
            let v = t.owed_treasury;
            t.owed_treasury = 0;
            v
        }
        5 => {
            require!(key_eq(&t.requester, claimant.address()), Unauthorized);
            let v = t.refund;
            t.refund = 0;
            v
        }
        _ => bail!(InvalidInstruction),
    };
    require!(amount > 0, NothingToWithdraw);
    with_config_signer(c.bump, |s| {
        pinocchio_token::instructions::Transfer::new(escrow, destination, config_acc, amount).invoke_signed(s)
    })
}
