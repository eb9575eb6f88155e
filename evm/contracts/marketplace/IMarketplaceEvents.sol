// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {Ineligibility, Requirements} from "../common/StunTypes.sol";
import {TaskStatus} from "./TaskTypes.sol";

/// @title IMarketplaceEvents
/// @notice Events (PROTOCOL.md "Events", same names and fields on every chain) and custom errors of the
///         ComputeMarketplace.
interface IMarketplaceEvents {
    event TaskSubmitted(uint256 indexed taskId, address indexed requester, uint256 reward);
    /// @notice Companion of TaskSubmitted with the rest of the request.
    event TaskDetails(
        uint256 indexed taskId,
        bytes32 taskHash,
        bytes32 modelId,
        address token,
        uint256 deadline,
        uint8 redundancy,
        Requirements requirements
    );
    event TaskAssigned(uint256 indexed taskId, address[] providers);
    event TaskAccepted(uint256 indexed taskId, address indexed provider);
    event ResultSubmitted(uint256 indexed taskId, address indexed provider, bytes32 resultHash);
    event AuditRequested(uint256 indexed taskId);
    event AuditResolved(uint256 indexed taskId, bool honest);
    event TaskDisputed(uint256 indexed taskId, address indexed by, uint256 bond);
    event TaskFinalized(uint256 indexed taskId);
    event TaskCompleted(uint256 indexed taskId, address indexed provider, bytes32 resultHash);
    /// @notice `provider` is the amount each agreeing provider receives.
    event PaymentSplit(uint256 indexed taskId, uint256 provider, uint256 treasury, uint256 creator);
    event TaskExpired(uint256 indexed taskId);
    event TaskCancelled(uint256 indexed taskId);
    event Refunded(uint256 indexed taskId, address indexed to, uint256 amount);
    /// @notice The auditor did not rule on an Audited/Disputed task by its deadline; it was unwound (Refunded,
    ///         emitted with Refunded; nobody slashed).
    event AuditTimedOut(uint256 indexed taskId);
    /// @notice The matcher replaced `noShow` (penalised as a no-show) by `replacement`, who has a full accept window
    ///         from now. The task's other lanes are unchanged.
    event ProviderReassigned(uint256 indexed taskId, address indexed noShow, address indexed replacement);

    error InvalidState(uint256 taskId, TaskStatus status);
    error ZeroTaskHash();
    error ZeroReward();
    error RewardTooLarge(uint256 reward);
    error InvalidDeadline(uint256 deadline);
    error InvalidRedundancy(uint256 redundancy, uint256 max);
    error TokenNotAllowed(address token);
    error NotRequester(uint256 taskId, address caller);
    error DeadlinePassed(uint256 taskId, uint256 deadline);
    error WrongProviderCount(uint256 expected, uint256 got);
    error DuplicateProvider(address provider);
    error ProviderIneligible(address provider, Ineligibility reason);
    error NotAssignedProvider(uint256 taskId, address caller);
    error AlreadyAccepted(uint256 taskId, address provider);
    error AlreadySubmitted(uint256 taskId, address provider);
    error AcceptWindowClosed(uint256 taskId, uint256 closedAt);
    error ResultHashOutOfField(bytes32 resultHash);
    error InvalidProof();
    error ChallengeWindowClosed(uint256 taskId, uint256 endedAt);
    error ChallengeWindowOpen(uint256 taskId, uint256 endsAt);
    error NotExpirable(uint256 taskId);
    /// @notice The task's audit/dispute deadline (auditTimeout after it opened) has not passed yet.
    error AuditNotStale(uint256 taskId, uint256 staleAfter);
    /// @notice The deadline is further than maxTaskDuration from now (at assignment or reassignment).
    error DeadlineTooFar(uint256 taskId, uint256 deadline, uint256 latest);
    /// @notice Only the ProviderRegistry may call this hook.
    error NotProviderRegistry(address caller);
    /// @notice The requirements given do not match the tag stored at assignment.
    error RequirementsMismatch(uint256 taskId);
    /// @notice The provider has accepted or submitted: it is not a no-show.
    error NotNoShow(uint256 taskId, address provider);
    /// @notice The provider's accept window is still open (until `closesAt`).
    error AcceptWindowOpen(uint256 taskId, uint256 closesAt);
}
