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

/// @notice A task, packed into 6 storage slots.
struct Task {
    // slot 0
    address requester;
    uint40 deadline;
    TaskStatus status;
    uint8 redundancy;
    uint8 distinctResults;
    uint8 majorityIdx;
    /// @dev Byte i counts the providers that submitted the i-th distinct result hash.
    uint24 resultCounts;
    // slot 1
    address token;
    uint40 assignedAt;
    uint40 challengeEnds;
    // slot 2
    uint128 reward;
    uint128 bond;
    // slot 3
    Requirements req;
    // slot 4
    bytes32 modelId;
    // slot 5
    bytes32 taskHash;
}

/// @notice One provider assigned to a task (one slot).
struct Assignment {
    address provider;
    uint40 submittedAt;
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
