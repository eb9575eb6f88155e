//! One module per instruction group; `dispatch` routes on the 8-byte Anchor discriminator.
pub mod bridge;
pub mod initialize;
pub mod provider;
pub mod task;
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
        ix::INIT_BRIDGE => bridge::init_bridge(cx),
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
        ix::SUBMIT_TASK => task::submit(cx),
        ix::SUBMIT_TASK_SPL => task::submit_spl(cx),
        ix::CLAIM_SPL => task::claim_spl(cx),
        ix::CANCEL_TASK => task::cancel(cx),
        ix::ASSIGN_TASK => task::assign(cx),
        ix::ACCEPT_TASK => task::accept(cx),
        ix::SUBMIT_RESULT => task::submit_result(cx),
        ix::EXPIRE_TASK => task::expire(cx),
        ix::RESOLVE_AUDIT => task::resolve_audit(cx),
        ix::DISPUTE_TASK => task::dispute(cx),
        ix::RESOLVE_DISPUTE => task::resolve_dispute(cx),
        ix::FINALIZE_TASK => task::finalize(cx),
        ix::CLOSE_TASK => task::close(cx),
        ix::VERIFY_RESULT_PROOF => verify_result_proof(args),
        ix::BRIDGE_MINT => bridge::mint(cx),
        ix::BRIDGE_BURN => bridge::burn(cx),
        ix::EXECUTE_GOVERNANCE => bridge::execute_governance(cx),
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
