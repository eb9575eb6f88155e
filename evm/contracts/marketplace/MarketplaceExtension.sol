// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {IResultVerifier} from "../interfaces/IResultVerifier.sol";
import {IModelRegistryHub, IProviderRegistryHub, IReputationHub} from "../interfaces/IStunHub.sol";
import {Ineligibility, Outcome, Requirements, SlashReason} from "../common/StunTypes.sol";
import {Assignment, AssignmentState, RequirementsCodec, Task, TaskStatus} from "./TaskTypes.sol";
import {AssignmentWord} from "./AssignmentWord.sol";
import {Consensus} from "./Consensus.sol";
import {MarketplaceCore} from "./MarketplaceCore.sol";

/// @title MarketplaceExtension
/// @notice The ComputeMarketplace's no-show transitions (reassignment by the matcher, expiry by anyone), kept out of
///         its code for the 24 KB limit. The marketplace calls them by delegatecall: they run on the marketplace's
///         storage, and the immutables (registries) must be the marketplace's own (checked at its deployment).
///         Called directly, they only see this contract's own, empty storage.
contract MarketplaceExtension is MarketplaceCore {
    /// @param admin Admin of this contract's own (unused) storage.
    /// @param verifier_ The IResultVerifier (unused here; non-zero).
    /// @param treasury_ Treasury (unused here; non-zero).
    /// @param providers_ The marketplace's ProviderRegistry.
    /// @param reputation_ The marketplace's ReputationRegistry.
    /// @param models_ The marketplace's ModelRegistry.
    /// @param stun The StunToken.
    constructor(
        address admin,
        IResultVerifier verifier_,
        address treasury_,
        IProviderRegistryHub providers_,
        IReputationHub reputation_,
        IModelRegistryHub models_,
        address stun
    ) MarketplaceCore(admin, verifier_, treasury_, providers_, reputation_, models_, stun) {}

    /// @notice Replaces a no-show: `noShow` is assigned to the task, past its own accept window, and has neither
    ///         accepted nor submitted. It is penalised as at expiry (slashBpsNoShow + reputation; waived if the
    ///         marketplace was paused since its assignment) and `replacement` takes its lane with a full accept
    ///         window from now. The replacement must pass the assignment checks (eligible for the task's
    ///         requirements, distinct from every lane); the task stays Assigned with its deadline.
    /// @param taskId The task (Assigned, deadline not passed and at most maxTaskDuration away).
    /// @param noShow The provider to replace.
    /// @param replacement The new provider.
    /// @param req The task's requirements as submitted (TaskDetails), checked against the tag stored at assignment.
    function reassignProvider(uint256 taskId, address noShow, address replacement, Requirements calldata req)
        external
        whenNotPaused
        onlyRole(MATCHER_ROLE)
        nonReentrant
    {
        Task storage t = _tasks[taskId];
        if (t.status != TaskStatus.Assigned) revert InvalidState(taskId, t.status);
        _checkDeadline(taskId, t.deadline);
        uint256 w = _assignments[taskId];
        if (!AssignmentWord.tagMatches(w, keccak256(abi.encode(RequirementsCodec.encode(req))))) {
            revert RequirementsMismatch(taskId);
        }
        uint256 r = t.redundancy;
        (bool found, uint256 i) = AssignmentWord.find(w, r, providers.indexOf(noShow));
        if (!found) revert NotAssignedProvider(taskId, noShow);
        if (AssignmentWord.state(w, i) != AssignmentState.Assigned) revert NotNoShow(taskId, noShow);
        uint256 laneAt = uint256(t.assignedAt) + AssignmentWord.latency(w, i);
        uint256 closesAt = laneAt + _params.acceptWindow;
        if (block.timestamp <= closesAt) revert AcceptWindowOpen(taskId, closesAt);
        uint256 idx = _replacementIndex(w, r, replacement, req);
        _assignments[taskId] =
            AssignmentWord.set(w, i, idx, AssignmentState.Assigned, 0, block.timestamp - t.assignedAt);
        emit ProviderReassigned(taskId, noShow, replacement);
        Params memory p = _params;
        if (p.lastUnpausedAt < laneAt) {
            providers.slash(noShow, p.slashBpsNoShow, address(0), SlashReason.NoShow);
            reputation.record(noShow, Outcome.NoShow, 0);
        }
    }

    /// @notice Time-driven transition. Submitted past the deadline -> Expired (refund). Assigned past the deadline:
    ///         a strict majority already in -> verification, else Expired (refund); non-submitters are penalised.
    ///         Assigned with a provider past its own accept window that neither accepted nor submitted -> Expired
    ///         (refund), that provider penalised. Penalties are waived if the marketplace was paused since the
    ///         provider's assignment.
    /// @param taskId The task.
    function expireTask(uint256 taskId) external nonReentrant {
        Task storage t = _tasks[taskId];
        TaskStatus s = t.status;
        bool pastDeadline = block.timestamp > t.deadline;
        if (s == TaskStatus.Submitted) {
            if (!pastDeadline) revert NotExpirable(taskId);
            _expire(taskId, t);
            return;
        }
        if (s != TaskStatus.Assigned) revert InvalidState(taskId, s);
        Params memory p = _params;
        uint256 r = t.redundancy;
        (bool ok, uint8 m) = Consensus.majority(t.resultCounts, r);
        bool verify = pastDeadline && ok;
        Assignment[3] memory a = _decode(taskId);
        uint256 noShows;
        for (uint256 i; i < r; ++i) {
            AssignmentState st = a[i].state;
            if (st == AssignmentState.Submitted) continue;
            // before its result, a lane's latency field is its assignment's offset from the task's
            uint256 laneAt = uint256(t.assignedAt) + a[i].latency;
            // No-shows: past the deadline, whoever has not submitted; else whoever has neither accepted nor
            // submitted within its accept window.
            if (pastDeadline || (st == AssignmentState.Assigned && block.timestamp > laneAt + p.acceptWindow)) {
                ++noShows;
                if (!p.paused && p.lastUnpausedAt < laneAt) {
                    providers.slash(a[i].provider, p.slashBpsNoShow, address(0), SlashReason.NoShow);
                    reputation.record(a[i].provider, Outcome.NoShow, 0);
                }
            }
        }
        if (noShows == 0) revert NotExpirable(taskId);
        if (verify) {
            _startVerification(taskId, t, m);
        } else {
            _expire(taskId, t);
        }
    }

    /// @dev Registry index of an eligible `replacement` that holds none of the task's `r` lanes.
    function _replacementIndex(uint256 w, uint256 r, address replacement, Requirements calldata req)
        private
        view
        returns (uint256 idx)
    {
        address[] memory one = new address[](1);
        one[0] = replacement;
        Ineligibility why;
        (, why, idx) = providers.firstIneligible(one, req);
        if (why != Ineligibility.None) revert ProviderIneligible(replacement, why);
        (bool dup,) = AssignmentWord.find(w, r, idx);
        if (dup) revert DuplicateProvider(replacement);
    }

}
