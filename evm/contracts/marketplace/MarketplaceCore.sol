// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {IResultVerifier} from "../interfaces/IResultVerifier.sol";
import {
    IMarketplaceHooks, IModelRegistryHub, IProviderRegistryHub, IReputationHub, IUnbondingPeriod
} from "../interfaces/IStunHub.sol";
import {Outcome, Requirements, SlashReason} from "../common/StunTypes.sol";
import {Assignment, AssignmentState, RequirementsCodec, Task, TaskStatus} from "./TaskTypes.sol";
import {AssignmentWord} from "./AssignmentWord.sol";
import {Consensus} from "./Consensus.sol";
import {IMarketplaceEvents} from "./IMarketplaceEvents.sol";
import {MarketplaceParams} from "./MarketplaceParams.sol";

/// @title MarketplaceCore
/// @notice Storage, views and settlement of the ComputeMarketplace (the entry points live in ComputeMarketplace):
///         verification start (audit draw), finalization (payout split, minority slashing), majority slashing,
///         expiry and refunds, and the registries' hooks (credit slots opened at registration, task lifetime).
abstract contract MarketplaceCore is MarketplaceParams, IMarketplaceEvents, IMarketplaceHooks {
    /// @notice Role that proposes provider assignments (the keeper's matcher).
    bytes32 public constant MATCHER_ROLE = keccak256("MATCHER_ROLE");
    /// @notice Role that resolves audits and disputes.
    bytes32 public constant AUDITOR_ROLE = keccak256("AUDITOR_ROLE");
    /// @notice BN254 scalar field modulus r; result hashes (and task ids) are field elements.
    uint256 public constant SNARK_SCALAR_FIELD =
        0x30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000001;

    /// @notice The ProviderRegistry (eligibility, indices, slashing).
    IProviderRegistryHub public immutable providers;
    /// @notice The ReputationRegistry.
    IReputationHub public immutable reputation;
    /// @notice The ModelRegistry (creator share).
    IModelRegistryHub public immutable models;
    /// @dev The StunToken (its credit slots are opened with ETH's).
    address internal immutable _stun;

    uint256 internal _nextTaskId = 1;
    mapping(uint256 taskId => Task) internal _tasks;
    /// @dev AssignmentWord-packed assignments of each task.
    mapping(uint256 taskId => uint256) internal _assignments;
    /// @dev Distinct result hashes 1 and 2 (hash 0 lives in Task.reqOrResult).
    mapping(uint256 taskId => bytes32[3]) internal _results;
    /// @dev Registry index of each provider registered since the registry was bound (onProviderRegistered), so a
    ///      provider's own calls find its lane without a call to the registry; 0 = ask the registry.
    mapping(address provider => uint256) internal _indexOf;

    constructor(
        address admin,
        IResultVerifier verifier_,
        address treasury_,
        IProviderRegistryHub providers_,
        IReputationHub reputation_,
        IModelRegistryHub models_,
        address stun
    ) MarketplaceParams(admin, verifier_, treasury_) {
        _requireNonZero(address(providers_));
        _requireNonZero(address(reputation_));
        _requireNonZero(address(models_));
        _requireNonZero(stun);
        providers = providers_;
        reputation = reputation_;
        models = models_;
        _stun = stun;
        tokenAllowed[stun] = true;
        _openCredit(treasury_, stun);
    }

    // ------------------------------------------------------------------ registry hooks

    /// @inheritdoc IMarketplaceHooks
    function onProviderRegistered(address provider, uint256 index) external {
        if (msg.sender != address(providers)) revert NotProviderRegistry(msg.sender);
        _indexOf[provider] = index;
        _openCredit(provider, address(0));
        _openCredit(provider, _stun);
    }

    /// @inheritdoc IMarketplaceHooks
    function openCredits(address account) external {
        _openCredit(account, address(0));
        _openCredit(account, _stun);
    }

    /// @notice Longest time an assigned task can still slash its providers: maxTaskDuration (deadline -
    ///         assignment) + challengePeriod + 2 * auditTimeout (an audit, then a dispute of the audited result).
    ///         Both this contract's and the ProviderRegistry's setters keep it below unbondingPeriod, so stake that
    ///         is active at assignment is still in the vault whenever the task can slash it (no unstake lock).
    /// @return Seconds.
    function maxTaskLifetime() external view returns (uint256) {
        return _maxTaskLifetime();
    }

    function _unbondingPeriod() internal view override returns (uint256) {
        return IUnbondingPeriod(address(providers)).unbondingPeriod();
    }

    // ------------------------------------------------------------------ views

    /// @notice A task's stored record.
    /// @param taskId The task.
    /// @return The task.
    function getTask(uint256 taskId) external view returns (Task memory) {
        return _tasks[taskId];
    }

    /// @notice A task's assignments (first `redundancy` entries are meaningful) and distinct result hashes.
    /// @param taskId The task.
    /// @return assignments The assignments.
    /// @return results The distinct result hashes (as many as non-zero pairs in `resultCounts`).
    function getAssignments(uint256 taskId)
        external
        view
        returns (Assignment[3] memory assignments, bytes32[3] memory results)
    {
        results = _results[taskId];
        Task storage t = _tasks[taskId];
        if (t.resultCounts != 0) results[0] = t.reqOrResult;
        return (_decode(taskId), results);
    }

    /// @notice Requirements of a task that is still Submitted (the matcher's input; zero otherwise).
    /// @param taskId The task.
    /// @return req The requirements.
    function requirementsOf(uint256 taskId) external view returns (Requirements memory req) {
        Task storage t = _tasks[taskId];
        if (t.status == TaskStatus.Submitted) req = RequirementsCodec.decode(t.reqOrResult);
    }

    /// @notice The id the next task will get.
    /// @return The next task id.
    function nextTaskId() external view returns (uint256) {
        return _nextTaskId;
    }

    /// @notice The bond a dispute of `taskId` would require now.
    /// @param taskId The task.
    /// @return bond disputeBondBps of the reward, at least 1.
    function disputeBondFor(uint256 taskId) public view returns (uint256 bond) {
        bond = (uint256(_tasks[taskId].reward) * _params.disputeBondBps) / Consensus.BPS;
        if (bond == 0) bond = 1;
    }

    // ------------------------------------------------------------------ assignments

    /// @dev The caller's lane in the task's assignment word.
    function _laneOf(uint256 taskId, uint256 r) internal view returns (uint256 w, uint256 i, uint256 idx) {
        w = _assignments[taskId];
        idx = _indexOf[msg.sender];
        if (idx == 0) idx = providers.indexOf(msg.sender);
        bool found;
        (found, i) = AssignmentWord.find(w, r, idx);
        if (!found) revert NotAssignedProvider(taskId, msg.sender);
    }

    /// @dev The task's assignments with provider addresses (unused lanes have provider address(0)).
    function _decode(uint256 taskId) internal view returns (Assignment[3] memory) {
        uint256 w = _assignments[taskId];
        address[3] memory addrs;
        if (w != 0) addrs = providers.providersAt(AssignmentWord.indices(w));
        return _assemble(w, addrs);
    }

    function _assemble(uint256 w, address[3] memory addrs) private pure returns (Assignment[3] memory a) {
        for (uint256 i; i < 3; ++i) {
            a[i] = Assignment({
                provider: addrs[i],
                latency: AssignmentWord.latency(w, i),
                state: AssignmentWord.state(w, i),
                resultIdx: AssignmentWord.resultIdx(w, i)
            });
        }
    }

    // ------------------------------------------------------------------ settlement

    /// @dev All results are in: consensus, then the audit draw (or expiry without consensus).
    function _closeSubmissions(uint256 taskId, Task storage t, uint8 counts, uint256 r) internal {
        (bool ok, uint8 m) = Consensus.majority(counts, r);
        if (ok) {
            _startVerification(taskId, t, m);
        } else {
            _expire(taskId, t);
        }
    }

    /// @dev Audited tasks get `deadline` = now + auditTimeout (when resolveStale may unwind them).
    function _startVerification(uint256 taskId, Task storage t, uint8 majorityIdx) internal {
        t.majorityIdx = majorityIdx;
        Params memory p = _params;
        if (Consensus.auditDrawn(taskId, p.auditRateBps)) {
            t.status = TaskStatus.Audited;
            t.deadline = uint32(block.timestamp + auditTimeout);
            emit AuditRequested(taskId);
        } else {
            t.status = TaskStatus.Challengeable;
            t.deadline = uint32(block.timestamp + p.challengePeriod);
        }
    }

    function _finalize(uint256 taskId, Task storage t) internal {
        t.status = TaskStatus.Finalized;
        Params memory p = _params;
        uint256 r = t.redundancy;
        uint8 m = t.majorityIdx;
        address token = t.token;
        bytes32 resultHash = m == 0 ? t.reqOrResult : _results[taskId][m];
        address creator = t.modelId == bytes32(0) ? address(0) : models.creatorOf(t.modelId);
        (uint256 each, uint256 toTreasury, uint256 toCreator) = Consensus.split(
            t.reward, p.providerBps, p.creatorBps, Consensus.countOf(t.resultCounts, m), creator != address(0)
        );
        Assignment[3] memory a = _decode(taskId);
        for (uint256 i; i < r; ++i) {
            Assignment memory x = a[i];
            if (x.state != AssignmentState.Submitted) continue; // no-show, already penalised at expiry
            if (x.resultIdx == m) {
                _credit(x.provider, token, each);
                reputation.record(x.provider, Outcome.Success, x.latency);
                emit TaskCompleted(taskId, x.provider, resultHash);
            } else {
                providers.slash(x.provider, p.slashBpsWrongResult, address(0), SlashReason.WrongResult);
                reputation.record(x.provider, Outcome.WrongResult, 0);
            }
        }
        _credit(treasury, token, toTreasury);
        _credit(creator, token, toCreator);
        emit PaymentSplit(taskId, each, toTreasury, toCreator);
        emit TaskFinalized(taskId);
    }

    /// @dev Slashes the providers of the agreed result.
    function _slashMajority(uint256 taskId, Task storage t, address challenger, SlashReason reason) internal {
        uint256 bps = _params.slashBpsWrongResult;
        uint256 r = t.redundancy;
        uint8 m = t.majorityIdx;
        Assignment[3] memory a = _decode(taskId);
        for (uint256 i; i < r; ++i) {
            Assignment memory x = a[i];
            if (x.state == AssignmentState.Submitted && x.resultIdx == m) {
                providers.slash(x.provider, bps, challenger, reason);
                reputation.record(x.provider, Outcome.WrongResult, 0);
            }
        }
    }

    /// @dev Expired + refund.
    function _expire(uint256 taskId, Task storage t) internal {
        t.status = TaskStatus.Expired;
        emit TaskExpired(taskId);
        _refund(taskId, t, t.reward);
    }

    /// @dev Reverts unless now <= deadline <= now + maxTaskDuration (a (re)assignment's lifetime bound).
    function _checkDeadline(uint256 taskId, uint256 deadline) internal view {
        if (block.timestamp > deadline) revert DeadlinePassed(taskId, deadline);
        uint256 latest = block.timestamp + _params.maxTaskDuration;
        if (deadline > latest) revert DeadlineTooFar(taskId, deadline, latest);
    }

    function _refund(uint256 taskId, Task storage t, uint256 amount) internal {
        address to = t.requester;
        _credit(to, t.token, amount);
        emit Refunded(taskId, to, amount);
    }
}
