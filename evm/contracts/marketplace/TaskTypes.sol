// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {Privacy, Requirements} from "../common/StunTypes.sol";

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

/// @notice A task, packed into 2 storage slots (+1 for requirements then the first result, +1 for a model, +1 for a
///         dispute bond, each written only when used). The task hash is not stored: it is in the TaskDetails event.
/// @dev Timestamps are uint32 (valid until 2106).
struct Task {
    // slot 0
    address requester;
    /// @dev Submitted/Assigned: the result deadline. Challengeable: the end of the challenge window. Audited/Disputed:
    ///      the auditor's deadline (auditTimeout after the audit/dispute opened; past it resolveStale unwinds the task).
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
    /// @dev A union: while Submitted, the packed Requirements (RequirementsCodec; zero = none); from the first
    ///      result on (requirements are dead after assignment), the first distinct result hash.
    bytes32 reqOrResult;
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

/// @title RequirementsCodec
/// @notice Packs Requirements into one word: maxPrice (96) | gpuMemory (16) | computeCapability (16) | gpuCount (8)
///         | privacy (8) | region (32).
library RequirementsCodec {
    /// @notice Packs `r` (zero iff every field is zero).
    function encode(Requirements memory r) internal pure returns (bytes32) {
        return bytes32(
            uint256(r.maxPrice) | (uint256(r.gpuMemory) << 96) | (uint256(r.computeCapability) << 112)
                | (uint256(r.gpuCount) << 128) | (uint256(r.privacy) << 136) | (uint256(uint32(r.region)) << 144)
        );
    }

    /// @notice Unpacks a word produced by `encode`.
    function decode(bytes32 w) internal pure returns (Requirements memory r) {
        uint256 v = uint256(w);
        r.maxPrice = uint96(v);
        r.gpuMemory = uint16(v >> 96);
        r.computeCapability = uint16(v >> 112);
        r.gpuCount = uint8(v >> 128);
        r.privacy = Privacy(uint8(v >> 136));
        r.region = bytes4(uint32(v >> 144));
    }
}
