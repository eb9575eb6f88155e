// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {IResultVerifier} from "../interfaces/IResultVerifier.sol";
import {IModelRegistryHub, IProviderRegistryHub, IReputationHub} from "../interfaces/IStunHub.sol";
import {Ineligibility, Outcome, Requirements, SlashReason} from "../common/StunTypes.sol";
import {Assignment, AssignmentState, RequirementsCodec, Task, TaskRequest, TaskStatus} from "./TaskTypes.sol";
import {AssignmentWord} from "./AssignmentWord.sol";
import {Consensus} from "./Consensus.sol";
import {EscrowLedger} from "./EscrowLedger.sol";
import {IMarketplaceEvents} from "./IMarketplaceEvents.sol";
import {MarketplaceParams} from "./MarketplaceParams.sol";

/// @title ComputeMarketplace
/// @notice The task state machine of PROTOCOL.md on the hub chain: escrow in ETH, STUN or an allowlisted ERC-20;
///         matcher assignment with on-chain eligibility checks; Groth16-verified results; strict-majority consensus
///         for redundancy 1..3; random audits; challenge window and disputes; 80/15/5 payout; expiry with no-show
///         penalties; cancel. All payouts are pull-payments (EscrowLedger.withdraw).
contract ComputeMarketplace is MarketplaceParams, EscrowLedger, IMarketplaceEvents {
    /// @notice Role that proposes provider assignments (the keeper's matcher).
    bytes32 public constant MATCHER_ROLE = keccak256("MATCHER_ROLE");
    /// @notice Role that resolves audits and disputes.
    bytes32 public constant AUDITOR_ROLE = keccak256("AUDITOR_ROLE");
    /// @notice BN254 scalar field modulus r; result hashes (and task ids) are field elements.
    uint256 public constant SNARK_SCALAR_FIELD =
        0x30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000001;

    /// @notice The ProviderRegistry (eligibility, slashing).
    IProviderRegistryHub public immutable providers;
    /// @notice The ReputationRegistry.
    IReputationHub public immutable reputation;
    /// @notice The ModelRegistry (creator share).
    IModelRegistryHub public immutable models;

    uint256 private _nextTaskId = 1;
    mapping(uint256 taskId => Task) private _tasks;
    /// @dev AssignmentWord-packed assignments of each task.
    mapping(uint256 taskId => uint256) private _assignments;
    /// @dev Distinct result hashes 1 and 2 (hash 0 lives in Task.reqOrResult).
    mapping(uint256 taskId => bytes32[3]) private _results;

    /// @param admin Initial admin/governance (deployer, handed over to the timelock).
    /// @param verifier_ The IResultVerifier.
    /// @param treasury_ Treasury receiving fees.
    /// @param providers_ The ProviderRegistry.
    /// @param reputation_ The ReputationRegistry.
    /// @param models_ The ModelRegistry.
    /// @param stun The StunToken (allowed as payment token).
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
        tokenAllowed[stun] = true;
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
        t.bond = bond;
        emit TaskDisputed(taskId, msg.sender, bond);
        _collect(t.token, bond);
    }

    // ------------------------------------------------------------------ matcher, providers

    /// @notice Assigns exactly `redundancy` distinct eligible providers to a submitted task.
    /// @param taskId The task.
    /// @param list The providers.
    function assignProviders(uint256 taskId, address[] calldata list) external whenNotPaused onlyRole(MATCHER_ROLE) {
        Task storage t = _tasks[taskId];
        if (t.status != TaskStatus.Submitted) revert InvalidState(taskId, t.status);
        if (block.timestamp > t.deadline) revert DeadlinePassed(taskId, t.deadline);
        uint256 r = t.redundancy;
        if (list.length != r) revert WrongProviderCount(r, list.length);
        for (uint256 i = 1; i < r; ++i) {
            address p = list[i];
            for (uint256 j; j < i; ++j) {
                if (list[j] == p) revert DuplicateProvider(p);
            }
        }
        (uint256 bad, Ineligibility why, uint256 idx) = providers.firstIneligible(list, RequirementsCodec.decode(t.reqOrResult));
        if (why != Ineligibility.None) revert ProviderIneligible(list[bad], why);
        // Lanes: the registry indices 32 bits apart -> 80 bits apart, state Assigned (0).
        _assignments[taskId] = (idx & 0xffffffff) | (((idx >> 32) & 0xffffffff) << 80) | ((idx >> 64) << 160);
        t.status = TaskStatus.Assigned;
        t.assignedAt = uint32(block.timestamp);
        emit TaskAssigned(taskId, list);
    }

    /// @notice Accepts an assignment within acceptWindow (optional: submitting a result in the window also accepts).
    /// @param taskId The task.
    function acceptTask(uint256 taskId) external whenNotPaused {
        Task storage t = _tasks[taskId];
        if (t.status != TaskStatus.Assigned) revert InvalidState(taskId, t.status);
        (uint256 w, uint256 i, uint256 idx) = _laneOf(taskId, t.redundancy);
        if (AssignmentWord.state(w, i) != AssignmentState.Assigned) revert AlreadyAccepted(taskId, msg.sender);
        uint256 closesAt = uint256(t.assignedAt) + _params.acceptWindow;
        if (block.timestamp > closesAt) revert AcceptWindowClosed(taskId, closesAt);
        _assignments[taskId] = AssignmentWord.set(w, i, idx, AssignmentState.Accepted, 0, 0);
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
        if (st == AssignmentState.Assigned) {
            uint256 closesAt = uint256(t.assignedAt) + _params.acceptWindow;
            if (block.timestamp > closesAt) revert AcceptWindowClosed(taskId, closesAt);
            emit TaskAccepted(taskId, msg.sender);
        }
        uint8 counts = t.resultCounts;
        uint256 idx = _resultIndex(t, taskId, counts, resultHash);
        _assignments[taskId] =
            AssignmentWord.set(w, i, pIdx, AssignmentState.Submitted, idx, block.timestamp - t.assignedAt);
        counts += uint8(1 << (2 * idx));
        t.resultCounts = counts;
        emit ResultSubmitted(taskId, msg.sender, resultHash);
        if (Consensus.total(counts) == r) _closeSubmissions(taskId, t, counts, r);
    }

    // ------------------------------------------------------------------ auditor

    /// @notice Resolves an audit: honest -> Challengeable; dishonest -> the majority is slashed and the requester
    ///         refunded (SlashedRefunded).
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

    /// @notice Finalizes a task after its challenge window: pays the agreeing providers, treasury and model
    ///         creator (credits), slashes the minority.
    /// @param taskId The task.
    function finalizeTask(uint256 taskId) external whenNotPaused nonReentrant {
        Task storage t = _tasks[taskId];
        if (t.status != TaskStatus.Challengeable) revert InvalidState(taskId, t.status);
        if (block.timestamp < t.deadline) revert ChallengeWindowOpen(taskId, t.deadline);
        _finalize(taskId, t);
    }

    /// @notice Time-driven transition. Submitted past the deadline -> Expired (refund). Assigned past the deadline:
    ///         a strict majority already in -> verification, else Expired (refund); non-submitters are penalised.
    ///         Assigned past the accept window with a provider that neither accepted nor submitted -> Expired
    ///         (refund), that provider penalised. Penalties are waived if the marketplace was paused meanwhile.
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
        if (!pastDeadline && block.timestamp <= uint256(t.assignedAt) + p.acceptWindow) revert NotExpirable(taskId);
        // No-shows: past the deadline, whoever has not submitted; else whoever has neither accepted nor submitted.
        AssignmentState threshold = pastDeadline ? AssignmentState.Submitted : AssignmentState.Accepted;
        uint256 r = t.redundancy;
        Assignment[3] memory a = _decode(taskId);
        bool penalise = !p.paused && p.lastUnpausedAt < t.assignedAt;
        uint256 noShows;
        for (uint256 i; i < r; ++i) {
            if (a[i].state < threshold) {
                ++noShows;
                if (penalise) {
                    providers.slash(a[i].provider, p.slashBpsNoShow, address(0), SlashReason.NoShow);
                    reputation.record(a[i].provider, Outcome.NoShow, 0);
                }
            }
        }
        if (noShows == 0) revert NotExpirable(taskId);
        (bool ok, uint8 m) = Consensus.majority(t.resultCounts, r);
        if (pastDeadline && ok) {
            _startVerification(taskId, t, m);
        } else {
            _expire(taskId, t);
        }
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
        if (deadline <= block.timestamp || deadline > type(uint32).max) revert InvalidDeadline(deadline);
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

    /// @dev The caller's lane in the task's assignment word.
    function _laneOf(uint256 taskId, uint256 r) private view returns (uint256 w, uint256 i, uint256 idx) {
        w = _assignments[taskId];
        idx = providers.indexOf(msg.sender);
        bool found;
        (found, i) = AssignmentWord.find(w, r, idx);
        if (!found) revert NotAssignedProvider(taskId, msg.sender);
    }

    /// @dev The task's assignments with provider addresses (unused lanes have provider address(0)).
    function _decode(uint256 taskId) private view returns (Assignment[3] memory a) {
        uint256 w = _assignments[taskId];
        if (w == 0) return a;
        address[3] memory addrs = providers.providersAt(AssignmentWord.indices(w));
        for (uint256 i; i < 3; ++i) {
            a[i] = Assignment({
                provider: addrs[i],
                latency: AssignmentWord.latency(w, i),
                state: AssignmentWord.state(w, i),
                resultIdx: AssignmentWord.resultIdx(w, i)
            });
        }
    }

    /// @dev All results are in: consensus, then the audit draw (or expiry without consensus).
    function _closeSubmissions(uint256 taskId, Task storage t, uint8 counts, uint256 r) private {
        (bool ok, uint8 m) = Consensus.majority(counts, r);
        if (ok) _startVerification(taskId, t, m);
        else _expire(taskId, t);
    }

    function _startVerification(uint256 taskId, Task storage t, uint8 majorityIdx) private {
        t.majorityIdx = majorityIdx;
        Params memory p = _params;
        if (Consensus.auditDrawn(taskId, p.auditRateBps)) {
            t.status = TaskStatus.Audited;
            emit AuditRequested(taskId);
        } else {
            t.status = TaskStatus.Challengeable;
            t.deadline = uint32(block.timestamp + p.challengePeriod);
        }
    }

    function _finalize(uint256 taskId, Task storage t) private {
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

    function _slashMajority(uint256 taskId, Task storage t, address challenger, SlashReason reason) private {
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

    function _expire(uint256 taskId, Task storage t) private {
        t.status = TaskStatus.Expired;
        emit TaskExpired(taskId);
        _refund(taskId, t, t.reward);
    }

    function _refund(uint256 taskId, Task storage t, uint256 amount) private {
        address to = t.requester;
        _credit(to, t.token, amount);
        emit Refunded(taskId, to, amount);
    }
}
