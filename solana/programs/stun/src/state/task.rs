use super::AccountState;
use crate::generated::account;
use pinocchio::Address;

#[repr(C, packed)]
#[derive(Clone, Copy, Default)]
pub struct Requirements {
    pub gpu_memory: u32,
    pub compute_capability: u32,
    pub gpu_count: u32,
    pub region: u32,
    pub privacy: u8,
}

/// Task status: the state machine of docs/protocol.md (same numbering as the EVM TaskStatus enum).
pub mod status {
    pub const SUBMITTED: u8 = 1;
    pub const ASSIGNED: u8 = 2;
    pub const VERIFYING: u8 = 3;
    pub const AUDITED: u8 = 4;
    pub const CHALLENGEABLE: u8 = 5;
    pub const DISPUTED: u8 = 6;
    pub const FINALIZED: u8 = 7;
    pub const SLASHED_REFUNDED: u8 = 8;
    pub const REFUNDED: u8 = 9;
    pub const EXPIRED: u8 = 10;
    pub const CANCELLED: u8 = 11;
}

/// Assignment progress of one provider.
pub const ASSIGNED: u8 = 0;
pub const ACCEPTED: u8 = 1;
pub const SUBMITTED: u8 = 2;

pub const MAX_REDUNDANCY: usize = 3;

/// PDA ["task", task_id u64 LE]. Holds the escrow: rent + reward (+ dispute bond) lamports.
#[repr(C, packed)]
pub struct Task {
    pub task_id: u64,
    pub requester: Address,
    pub reward: u64,
    pub bond: u64,
    pub deadline: i64,
    pub assigned_at: i64,
    pub challenge_ends: i64,
    pub status: u8,
    pub redundancy: u8,
    pub distinct_results: u8,
    pub majority_idx: u8,
    pub bump: u8,
    pub requirements: Requirements,
    pub model_id: [u8; 32],
    pub task_hash: [u8; 32],
    /// Provider accounts (PDAs), in assignment order.
    pub providers: [Address; MAX_REDUNDANCY],
    pub states: [u8; MAX_REDUNDANCY],
    pub result_idx: [u8; MAX_REDUNDANCY],
    pub submitted_at: [i64; MAX_REDUNDANCY],
    pub results: [[u8; 32]; MAX_REDUNDANCY],
    /// Lamports owed to the requester (paid out by close_task).
    pub refund: u64,
    /// STUN owed to the requester as challenger (challengerShareBps of the stake slashed on an upheld dispute).
    pub challenger_stun: u64,
    /// Zero for SOL escrow; else the SPL mint escrowed in the token account PDA ["escrow", task_id].
    pub payment_mint: Address,
    /// SPL tasks (pull payments, claim_spl): owed to provider slot i, the model creator and the treasury.
    pub owed: [u64; MAX_REDUNDANCY],
    pub owed_creator: u64,
    pub owed_treasury: u64,
    /// When each lane was assigned (assign_task, or its reassign_provider): its accept window and its reported
    /// latency start here.
    pub lane_assigned_at: [i64; MAX_REDUNDANCY],
}

impl AccountState for Task {
    const DISC: [u8; 8] = account::TASK;
}

impl Task {
    pub fn is_terminal(&self) -> bool {
        matches!(
            self.status,
            status::FINALIZED | status::SLASHED_REFUNDED | status::REFUNDED | status::EXPIRED | status::CANCELLED
        )
    }
    pub fn count_of(&self, idx: u8) -> u8 {
        let mut n = 0;
        let mut i = 0;
        while i < self.redundancy as usize {
            if self.states[i] == SUBMITTED && self.result_idx[i] == idx {
                n += 1;
            }
            i += 1;
        }
        n
    }
    /// The end of lane `i`'s accept window (inclusive): its own assignment + acceptWindow.
    pub fn accept_closes(&self, i: usize, accept_window: u32) -> i64 {
        self.lane_assigned_at[i] + accept_window as i64
    }
    /// The lane that holds Provider account `provider`, if any.
    pub fn lane_of(&self, provider: &Address) -> Option<usize> {
        let mut i = 0;
        while i < self.redundancy as usize {
            if crate::util::key_eq(&self.providers[i], provider) {
                return Some(i);
            }
            i += 1;
        }
        None
    }
    /// The result index agreed by a strict majority of `redundancy`, if any.
    pub fn majority(&self) -> Option<u8> {
        let mut i = 0u8;
        while i < self.distinct_results {
            if (self.count_of(i) as u32) * 2 > self.redundancy as u32 {
                return Some(i);
            }
            i += 1;
        }
        None
    }
}
