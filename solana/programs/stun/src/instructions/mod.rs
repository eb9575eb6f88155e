//! One file per instruction (named after it, entry point `process`), the shared logic in `task_common`
//! (tasks), `provider_common` (providers), `bridge_codec` and `bridge_common` (bridge); `dispatch` routes on the
//! 8-byte Anchor discriminator.
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
pub mod provider_common;
pub mod reassign_provider;
pub mod register_model;
pub mod register_provider;
pub mod request_unstake;
pub mod resolve_audit;
pub mod resolve_dispute;
pub mod set_paused;
pub mod stake;
pub mod submit_result;
pub mod submit_task;
pub mod submit_task_spl;
pub mod task_common;
pub mod update_provider;
pub mod withdraw_creator_earnings;
pub mod withdraw_earnings;
pub mod withdraw_treasury;
pub mod withdraw_treasury_stun;
pub mod withdraw_unstaked;

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
        ix::REGISTER_MODEL => register_model::process(cx),
        ix::REGISTER_PROVIDER => register_provider::process(cx),
        ix::UPDATE_PROVIDER => update_provider::process(cx),
        ix::STAKE => stake::process(cx),
        ix::REQUEST_UNSTAKE => request_unstake::process(cx),
        ix::WITHDRAW_UNSTAKED => withdraw_unstaked::process(cx),
        ix::WITHDRAW_EARNINGS => withdraw_earnings::process(cx),
        ix::WITHDRAW_CREATOR_EARNINGS => withdraw_creator_earnings::process(cx),
        ix::WITHDRAW_TREASURY => withdraw_treasury::process(cx),
        ix::WITHDRAW_TREASURY_STUN => withdraw_treasury_stun::process(cx),
        ix::SET_PAUSED => set_paused::process(cx),
        ix::SUBMIT_TASK => submit_task::process(cx),
        ix::SUBMIT_TASK_SPL => submit_task_spl::process(cx),
        ix::CLAIM_SPL => claim_spl::process(cx),
        ix::CANCEL_TASK => cancel_task::process(cx),
        ix::ASSIGN_TASK => assign_task::process(cx),
        ix::ACCEPT_TASK => accept_task::process(cx),
        ix::SUBMIT_RESULT => submit_result::process(cx),
        ix::EXPIRE_TASK => expire_task::process(cx),
        ix::REASSIGN_PROVIDER => reassign_provider::process(cx),
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
