// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {Requirements} from "../common/StunTypes.sol";

/// @notice The task state machine of PROTOCOL.md. `Verifying` is transient on EVM: the transaction that closes
///         submissions runs consensus and the audit draw at once and lands in Audited or Challengeable.
enum TaskStatus {
    None,
    Submitted,
    Assigned,
    Verifying,
    Audited,
    Challengeable,
    Disputed,
    Finalized,
    SlashedRefunded,
    Refunded,
    Expired,
    Cancelled
}

/// @notice Progress of one assigned provider.
enum AssignmentState {
    Assigned,
    Accepted,
    Submitted
}

/// @notice A task, packed into 2 storage slots (+1 for requirements, +1 for a model, +1 for a dispute bond, each
///         written only when used). The task hash is not stored: it is in the TaskDetails event.
/// @dev Timestamps are uint32 (valid until 2106).
struct Task {
    // slot 0
    address requester;
    /// @dev Submitted/Assigned/Audited: the result deadline. Challengeable/Disputed: the end of the challenge window.
    uint32 deadline;
    uint32 assignedAt;
    TaskStatus status;
    uint8 redundancy;
    uint8 majorityIdx;
    /// @dev Two bits per distinct result hash (i-th pair = submissions of the i-th distinct hash; r <= 3).
    uint8 resultCounts;
    // slot 1
    address token;
    uint96 reward;
    // slot 2
    uint256 bond;
    // slot 3
    Requirements req;
    // slot 4
    bytes32 modelId;
}

/// @notice One provider assigned to a task (one slot).
struct Assignment {
    address provider;
    /// @dev Seconds from assignment to result.
    uint32 latency;
    AssignmentState state;
    uint8 resultIdx;
}

/// @notice Everything `submitTaskWith` takes.
/// @dev token = address(0) for ETH.
struct TaskRequest {
    bytes32 taskHash;
    bytes32 modelId;
    address token;
    uint256 reward;
    uint256 deadline;
    uint8 redundancy;
    Requirements requirements;
}
