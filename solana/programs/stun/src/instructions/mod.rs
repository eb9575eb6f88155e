//! One file per instruction (named after it, entry point `process`), the shared logic in `task_common`
//! (tasks), `bridge_codec` and `bridge_common` (bridge); `dispatch` routes on the 8-byte Anchor discriminator.
pub mod accept_task;
pub mod assign_task;
pub mod bridge_burn;
pub mod bridge_codec;
pub mod bridge_common;
pub mod bridge_mint;
pub mod cancel_task;
pub mod claim_spl;
pub mod close_task;
pub mod dispute_task;
pub mod execute_governance;
pub mod expire_task;
pub mod finalize_task;
pub mod init_bridge;
pub mod initialize;
pub mod provider;
pub mod resolve_audit;
pub mod resolve_dispute;
pub mod submit_result;
pub mod submit_task;
pub mod submit_task_spl;
pub mod task_common;

use crate::errors::{fail, Result, StunError};
use crate::generated::ix;
use crate::util::Args;
use pinocchio::{AccountView, Address};

#[inline(always)]
pub fn dispatch(program_id: &Address, accounts: &[AccountView], data: &[u8]) -> Result<()> {
    if data.len() < 8 {
        return Err(fail(StunError::InvalidInstruction));
    }
    let (d, args) = data.split_at(8);
    let d: [u8; 8] = d.try_into().unwrap();
    let cx = &crate::Ctx { program_id, accounts, data: args };
    match d {
        ix::INITIALIZE => initialize::process(cx),
        ix::INIT_BRIDGE => init_bridge::process(cx),
        ix::REGISTER_MODEL => provider::register_model(cx),
        ix::REGISTER_PROVIDER => provider::register(cx),
        ix::UPDATE_PROVIDER => provider::update(cx),
        ix::STAKE => provider::stake(cx),
        ix::REQUEST_UNSTAKE => provider::request_unstake(cx),
        ix::WITHDRAW_UNSTAKED => provider::withdraw_unstaked(cx),
        ix::WITHDRAW_EARNINGS => provider::withdraw_earnings(cx),
        ix::WITHDRAW_CREATOR_EARNINGS => provider::withdraw_creator_earnings(cx),
        ix::WITHDRAW_TREASURY => provider::withdraw_treasury(cx),
        ix::WITHDRAW_TREASURY_STUN => provider::withdraw_treasury_stun(cx),
        ix::SET_PAUSED => provider::set_paused(cx),
        ix::SUBMIT_TASK => submit_task::process(cx),
        ix::SUBMIT_TASK_SPL => submit_task_spl::process(cx),
        ix::CLAIM_SPL => claim_spl::process(cx),
        ix::CANCEL_TASK => cancel_task::process(cx),
        ix::ASSIGN_TASK => assign_task::process(cx),
        ix::ACCEPT_TASK => accept_task::process(cx),
        ix::SUBMIT_RESULT => submit_result::process(cx),
        ix::EXPIRE_TASK => expire_task::process(cx),
        ix::RESOLVE_AUDIT => resolve_audit::process(cx),
        ix::DISPUTE_TASK => dispute_task::process(cx),
        ix::RESOLVE_DISPUTE => resolve_dispute::process(cx),
        ix::FINALIZE_TASK => finalize_task::process(cx),
        ix::CLOSE_TASK => close_task::process(cx),
        ix::VERIFY_RESULT_PROOF => verify_result_proof(args),
        ix::BRIDGE_MINT => bridge_mint::process(cx),
        ix::BRIDGE_BURN => bridge_burn::process(cx),
        ix::EXECUTE_GOVERNANCE => execute_governance::process(cx),
        _ => Err(fail(StunError::InvalidInstruction)),
    }
}

/// verify_result_proof(proof, public_inputs): stateless.
fn verify_result_proof(data: &[u8]) -> Result<()> {
    let mut a = Args::new(data);
    let proof = a.array::<256>()?;
    let inputs = [a.bytes32()?, a.bytes32()?, a.bytes32()?];
    a.finish()?;
    crate::groth16::verify(proof, &inputs)
}
