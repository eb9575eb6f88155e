// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {IResultVerifier} from "../interfaces/IResultVerifier.sol";
import {IModelRegistryHub, IProviderRegistryHub, IReputationHub} from "../interfaces/IStunHub.sol";
import {Ineligibility, Requirements, SlashReason} from "../common/StunTypes.sol";
import {AssignmentState, RequirementsCodec, Task, TaskRequest, TaskStatus} from "./TaskTypes.sol";
import {AssignmentWord} from "./AssignmentWord.sol";
import {Consensus} from "./Consensus.sol";
import {MarketplaceCore} from "./MarketplaceCore.sol";
import {MarketplaceExtension} from "./MarketplaceExtension.sol";

/// @title ComputeMarketplace
/// @notice The task state machine of PROTOCOL.md on the hub chain: escrow in ETH, STUN or an allowlisted ERC-20;
///         matcher assignment with on-chain eligibility checks; Groth16-verified results; strict-majority consensus
///         for redundancy 1..3; random audits; challenge window and disputes; 80/15/5 payout; expiry with no-show
///         penalties; audit/dispute timeout (resolveStale); cancel. All payouts are pull-payments
///         (EscrowLedger.withdraw). Storage, views and settlement: MarketplaceCore.
contract ComputeMarketplace is MarketplaceCore {
    /// @notice Holds the rarely used task transitions (reassignment, expiry) that do not fit under the 24 KB code
    ///         limit; called by delegatecall, so they run on this contract's storage.
    MarketplaceExtension public immutable extension;

    /// @notice The extension was built for other registries.
    error ExtensionMismatch(address extension);

    /// @param admin Initial admin/governance (deployer, handed over to the timelock).
    /// @param verifier_ The IResultVerifier.
    /// @param treasury_ Treasury receiving fees.
    /// @param providers_ The ProviderRegistry.
    /// @param reputation_ The ReputationRegistry.
    /// @param models_ The ModelRegistry.
    /// @param stun The StunToken (allowed as payment token).
    /// @param extension_ A MarketplaceExtension deployed with the same registries.
    constructor(
        address admin,
        IResultVerifier verifier_,
        address treasury_,
        IProviderRegistryHub providers_,
        IReputationHub reputation_,
        IModelRegistryHub models_,
        address stun,
        MarketplaceExtension extension_
    ) MarketplaceCore(admin, verifier_, treasury_, providers_, reputation_, models_, stun) {
        if (
            address(extension_).code.length == 0 || extension_.providers() != providers_
                || extension_.reputation() != reputation_ || extension_.models() != models_
        ) revert ExtensionMismatch(address(extension_));
        extension = extension_;
    }

    // ------------------------------------------------------------------ requester

    /// @notice Submits an ETH task with default requirements and redundancy 1 (the seed's interface).
    /// @param taskHash Content hash of the task input.
    /// @param reward Reward in wei; msg.value must equal it.
    /// @param deadline Unix time by which results must be in.
    /// @return taskId The new task id.
    function submitTask(bytes32 taskHash, uint256 reward, uint256 deadline)
        external
        payable
        whenNotPaused
        returns (uint256 taskId)
    {
        Requirements memory none;
        return _submit(taskHash, bytes32(0), address(0), reward, deadline, 1, none);
    }

    /// @notice Submits a task with a payment token, model, redundancy and requirements.
    /// @param r The request (token = address(0) for ETH, then msg.value == reward; else approve the reward).
    /// @return taskId The new task id.
    function submitTaskWith(TaskRequest calldata r) external payable whenNotPaused nonReentrant returns (uint256) {
        return _submit(r.taskHash, r.modelId, r.token, r.reward, r.deadline, r.redundancy, r.requirements);
    }

    /// @notice Cancels a task that has not been assigned yet; the reward is credited back to the requester.
    /// @param taskId The task.
    function cancelTask(uint256 taskId) external {
        Task storage t = _tasks[taskId];
        if (t.status != TaskStatus.Submitted) revert InvalidState(taskId, t.status);
        if (msg.sender != t.requester) revert NotRequester(taskId, msg.sender);
        t.status = TaskStatus.Cancelled;
        emit TaskCancelled(taskId);
        _refund(taskId, t, t.reward);
    }

    /// @notice Disputes a result during the challenge window, posting a bond of disputeBondBps of the reward
    ///         (at least 1 unit) in the task's token.
    /// @param taskId The task.
    function disputeTask(uint256 taskId) external payable nonReentrant {
        Task storage t = _tasks[taskId];
        if (t.status != TaskStatus.Challengeable) revert InvalidState(taskId, t.status);
        if (msg.sender != t.requester) revert NotRequester(taskId, msg.sender);
        if (block.timestamp >= t.deadline) revert ChallengeWindowClosed(taskId, t.deadline);
        uint256 bond = disputeBondFor(taskId);
        t.status = TaskStatus.Disputed;
        t.deadline = uint32(block.timestamp + auditTimeout); // the auditor's deadline (resolveStale)
        t.bond = bond;
        emit TaskDisputed(taskId, msg.sender, bond);
        _collect(t.token, bond);
    }

    // ------------------------------------------------------------------ matcher, providers

    /// @notice Assigns exactly `redundancy` distinct eligible providers to a submitted task whose deadline is at
    ///         most maxTaskDuration away.
    /// @param taskId The task.
    /// @param list The providers.
    function assignProviders(uint256 taskId, address[] calldata list) external whenNotPaused onlyRole(MATCHER_ROLE) {
        Task storage t = _tasks[taskId];
        if (t.status != TaskStatus.Submitted) revert InvalidState(taskId, t.status);
        _checkDeadline(taskId, t.deadline);
        uint256 r = t.redundancy;
        if (list.length != r) revert WrongProviderCount(r, list.length);
        for (uint256 i = 1; i < r; ++i) {
            address p = list[i];
            for (uint256 j; j < i; ++j) {
                if (list[j] == p) revert DuplicateProvider(p);
            }
        }
        bytes32 req = t.reqOrResult;
        (uint256 bad, Ineligibility why, uint256 idx) = providers.firstIneligible(list, RequirementsCodec.decode(req));
        if (why != Ineligibility.None) revert ProviderIneligible(list[bad], why);
        _assignments[taskId] = AssignmentWord.pack(idx, keccak256(abi.encode(req)));
        t.status = TaskStatus.Assigned;
        t.assignedAt = uint32(block.timestamp);
        emit TaskAssigned(taskId, list);
    }

    /// @notice Accepts an assignment within the lane's accept window (optional: submitting a result in the window
    ///         also accepts).
    /// @param taskId The task.
    function acceptTask(uint256 taskId) external whenNotPaused {
        Task storage t = _tasks[taskId];
        if (t.status != TaskStatus.Assigned) revert InvalidState(taskId, t.status);
        (uint256 w, uint256 i, uint256 idx) = _laneOf(taskId, t.redundancy);
        if (AssignmentWord.state(w, i) != AssignmentState.Assigned) revert AlreadyAccepted(taskId, msg.sender);
        uint256 delay = AssignmentWord.latency(w, i);
        uint256 closesAt = uint256(t.assignedAt) + delay + _params.acceptWindow;
        if (block.timestamp > closesAt) revert AcceptWindowClosed(taskId, closesAt);
        _assignments[taskId] = AssignmentWord.set(w, i, idx, AssignmentState.Accepted, 0, delay);
        emit TaskAccepted(taskId, msg.sender);
    }

    /// @notice Submits a result with its Groth16 proof (bound to taskId, resultHash and msg.sender). The last of
    ///         the `redundancy` results runs consensus and the audit draw.
    /// @param taskId The task.
    /// @param resultHash Poseidon commitment of the result (< SNARK_SCALAR_FIELD).
    /// @param proof ABI-encoded Groth16 proof.
    function submitResult(uint256 taskId, bytes32 resultHash, bytes calldata proof) external whenNotPaused {
        Task storage t = _tasks[taskId];
        if (t.status != TaskStatus.Assigned) revert InvalidState(taskId, t.status);
        if (block.timestamp > t.deadline) revert DeadlinePassed(taskId, t.deadline);
        if (uint256(resultHash) >= SNARK_SCALAR_FIELD) revert ResultHashOutOfField(resultHash);
        uint256 r = t.redundancy;
        (uint256 w, uint256 i, uint256 pIdx) = _laneOf(taskId, r);
        AssignmentState st = AssignmentWord.state(w, i);
        if (st == AssignmentState.Submitted) revert AlreadySubmitted(taskId, msg.sender);
        if (!verifier.verifyResult(taskId, resultHash, msg.sender, proof)) revert InvalidProof();
        uint256 laneAt = uint256(t.assignedAt) + AssignmentWord.latency(w, i);
        if (st == AssignmentState.Assigned) {
            uint256 closesAt = laneAt + _params.acceptWindow;
            if (block.timestamp > closesAt) revert AcceptWindowClosed(taskId, closesAt);
            emit TaskAccepted(taskId, msg.sender);
        }
        uint8 counts = t.resultCounts;
        uint256 idx = _resultIndex(t, taskId, counts, resultHash);
        _assignments[taskId] =
            AssignmentWord.set(w, i, pIdx, AssignmentState.Submitted, idx, block.timestamp - laneAt);
        counts += uint8(1 << (2 * idx));
        t.resultCounts = counts;
        emit ResultSubmitted(taskId, msg.sender, resultHash);
        if (Consensus.total(counts) == r) _closeSubmissions(taskId, t, counts, r);
    }

    // ------------------------------------------------------------------ auditor

    /// @notice Resolves an audit: honest -> Challengeable; dishonest -> the majority is slashed and the requester
    ///         refunded (SlashedRefunded). Possible until someone calls resolveStale after the audit deadline.
    /// @param taskId The task.
    /// @param honest The auditor's verdict on the agreed result.
    function resolveAudit(uint256 taskId, bool honest) external onlyRole(AUDITOR_ROLE) nonReentrant {
        Task storage t = _tasks[taskId];
        if (t.status != TaskStatus.Audited) revert InvalidState(taskId, t.status);
        emit AuditResolved(taskId, honest);
        if (honest) {
            t.status = TaskStatus.Challengeable;
            t.deadline = uint32(block.timestamp + _params.challengePeriod);
        } else {
            t.status = TaskStatus.SlashedRefunded;
            _slashMajority(taskId, t, address(0), SlashReason.FailedAudit);
            _refund(taskId, t, t.reward);
        }
    }

    /// @notice Resolves a dispute: honest -> Finalized (bond forfeited to the treasury); otherwise -> Refunded
    ///         (majority slashed with the requester as challenger; reward and bond credited to the requester).
    /// @param taskId The task.
    /// @param honest The auditor's verdict on the agreed result.
    function resolveDispute(uint256 taskId, bool honest) external onlyRole(AUDITOR_ROLE) nonReentrant {
        Task storage t = _tasks[taskId];
        if (t.status != TaskStatus.Disputed) revert InvalidState(taskId, t.status);
        emit AuditResolved(taskId, honest);
        if (honest) {
            _credit(treasury, t.token, t.bond);
            _finalize(taskId, t);
        } else {
            t.status = TaskStatus.Refunded;
            _slashMajority(taskId, t, t.requester, SlashReason.LostDispute);
            _refund(taskId, t, uint256(t.reward) + t.bond);
        }
    }

    // ------------------------------------------------------------------ keepers (anyone)

    /// @notice Unwinds an Audited or Disputed task the auditor has not ruled on by its deadline (auditTimeout after
    ///         the audit or dispute opened): Refunded, the reward (plus the bond if disputed) credited to the
    ///         requester, the providers released without slashing or reputation change. Nobody is paid or punished
    ///         without a verdict, so neither side gains from the auditor's silence. Open while paused.
    /// @param taskId The task.
    function resolveStale(uint256 taskId) external nonReentrant {
        Task storage t = _tasks[taskId];
        TaskStatus s = t.status;
        if (s != TaskStatus.Audited && s != TaskStatus.Disputed) revert InvalidState(taskId, s);
        if (block.timestamp <= t.deadline) revert AuditNotStale(taskId, t.deadline);
        t.status = TaskStatus.Refunded;
        emit AuditTimedOut(taskId);
        _refund(taskId, t, s == TaskStatus.Disputed ? uint256(t.reward) + t.bond : t.reward);
    }

    /// @notice Finalizes a task after its challenge window: pays the agreeing providers, treasury and model
    ///         creator (credits), slashes the minority.
    /// @param taskId The task.
    function finalizeTask(uint256 taskId) external whenNotPaused nonReentrant {
        Task storage t = _tasks[taskId];
        if (t.status != TaskStatus.Challengeable) revert InvalidState(taskId, t.status);
        if (block.timestamp < t.deadline) revert ChallengeWindowOpen(taskId, t.deadline);
        _finalize(taskId, t);
    }

    // ------------------------------------------------------------------ delegated to the extension

    /// @notice Replaces a no-show (MATCHER_ROLE; see MarketplaceExtension.reassignProvider).
    /// @param taskId The task (Assigned, deadline not passed and at most maxTaskDuration away).
    /// @param noShow The assigned provider past its accept window that neither accepted nor submitted.
    /// @param replacement The eligible provider taking its lane with a full accept window.
    /// @param req The task's requirements as submitted (TaskDetails), checked against the assignment's tag.
    function reassignProvider(uint256 taskId, address noShow, address replacement, Requirements calldata req)
        external
    {
        (taskId, noShow, replacement, req);
        _delegate();
    }

    /// @notice Time-driven transition for no-shows and deadlines (anyone; see MarketplaceExtension.expireTask).
    /// @param taskId The task.
    function expireTask(uint256 taskId) external {
        (taskId);
        _delegate();
    }

    /// @dev Runs the current call's calldata in the extension (same storage) and returns or reverts with its result.
    function _delegate() private {
        address ext = address(extension);
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            let ptr := mload(0x40)
            calldatacopy(ptr, 0, calldatasize())
            let ok := delegatecall(gas(), ext, ptr, calldatasize(), 0, 0)
            returndatacopy(ptr, 0, returndatasize())
            if iszero(ok) { revert(ptr, returndatasize()) }
            return(ptr, returndatasize())
        }
    }

    // ------------------------------------------------------------------ internal

    function _submit(
        bytes32 taskHash,
        bytes32 modelId,
        address token,
        uint256 reward,
        uint256 deadline,
        uint8 redundancy,
        Requirements memory req
    ) private returns (uint256 taskId) {
        if (taskHash == bytes32(0)) revert ZeroTaskHash();
        if (reward == 0) revert ZeroReward();
        if (reward > type(uint96).max) revert RewardTooLarge(reward);
        if (deadline <= block.timestamp || deadline > block.timestamp + _params.maxTaskDuration) {
            revert InvalidDeadline(deadline);
        }
        uint256 maxR = _params.maxRedundancy;
        if (redundancy == 0 || redundancy > maxR) revert InvalidRedundancy(redundancy, maxR);
        if (!tokenAllowed[token]) revert TokenNotAllowed(token);
        taskId = _nextTaskId++;
        Task storage t = _tasks[taskId];
        t.requester = msg.sender;
        t.deadline = uint32(deadline);
        t.status = TaskStatus.Submitted;
        t.redundancy = redundancy;
        t.token = token;
        t.reward = uint96(reward);
        if (modelId != bytes32(0)) t.modelId = modelId;
        bytes32 packedReq = RequirementsCodec.encode(req);
        if (packedReq != bytes32(0)) t.reqOrResult = packedReq;
        emit TaskSubmitted(taskId, msg.sender, reward);
        emit TaskDetails(taskId, taskHash, modelId, token, deadline, redundancy, req);
        _collect(token, reward);
    }

    /// @dev Index of `resultHash` among the task's distinct results, storing it if new.
    function _resultIndex(Task storage t, uint256 taskId, uint8 counts, bytes32 resultHash)
        private
        returns (uint256 idx)
    {
        uint256 d = Consensus.distinct(counts);
        if (d == 0) {
            t.reqOrResult = resultHash; // requirements are dead after assignment: reuse the slot
            return 0;
        }
        if (t.reqOrResult == resultHash) return 0;
        bytes32[3] storage rs = _results[taskId];
        for (idx = 1; idx < d; ++idx) {
            if (rs[idx] == resultHash) return idx;
        }
        rs[d] = resultHash;
    }
}
