// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {Governed} from "../common/Governed.sol";
import {EscrowLedger} from "./EscrowLedger.sol";
import {IResultVerifier} from "../interfaces/IResultVerifier.sol";

/// @title MarketplaceParams
/// @notice Governance-owned parameters of the ComputeMarketplace (one packed slot), the payment-token allowlist,
///         the verifier, the treasury and the pause guardian. PAUSER_ROLE pauses; only GOVERNANCE_ROLE
///         (the timelock) un-pauses.
abstract contract MarketplaceParams is Governed, EscrowLedger {
    /// @notice Role that may pause the marketplace (the pause guardian).
    bytes32 public constant PAUSER_ROLE = keccak256("PAUSER_ROLE");

    bytes32 public constant SLASH_BPS_WRONG_RESULT = "slashBpsWrongResult";
    bytes32 public constant SLASH_BPS_NO_SHOW = "slashBpsNoShow";
    bytes32 public constant AUDIT_RATE_BPS = "auditRateBps";
    bytes32 public constant DISPUTE_BOND_BPS = "disputeBondBps";
    bytes32 public constant CHALLENGE_PERIOD = "challengePeriod";
    bytes32 public constant ACCEPT_WINDOW = "acceptWindow";
    bytes32 public constant MAX_REDUNDANCY = "maxRedundancy";
    bytes32 public constant AUDIT_TIMEOUT = "auditTimeout";
    bytes32 public constant MAX_TASK_DURATION = "maxTaskDuration";
    bytes32 public constant PROVIDER_BPS = "providerBps";
    bytes32 public constant TREASURY_BPS = "treasuryBps";
    bytes32 public constant CREATOR_BPS = "creatorBps";
    bytes32 public constant FEE_SPLIT_SUM = "feeSplitSum";
    bytes32 public constant VERIFIER = "verifier";
    bytes32 public constant TREASURY = "treasury";

    /// @dev All numeric parameters in one slot (read once per transaction).
    struct Params {
        uint16 slashBpsWrongResult;
        uint16 slashBpsNoShow;
        uint16 auditRateBps;
        uint16 disputeBondBps;
        uint16 providerBps;
        uint16 treasuryBps;
        uint16 creatorBps;
        uint8 maxRedundancy;
        uint32 challengePeriod;
        uint32 acceptWindow;
        uint32 lastUnpausedAt;
        bool paused;
        /// @dev Longest deadline - now a task may have at submission and at (re)assignment.
        uint32 maxTaskDuration;
    }

    Params internal _params;

    /// @notice The Groth16 result verifier.
    IResultVerifier public verifier;
    /// @notice Receiver of the treasury share, forfeited bonds and (without a model creator) the creator share.
    address public treasury;
    /// @notice Payment tokens governance allows (address(0) = ETH).
    mapping(address token => bool) public tokenAllowed;
    /// @notice Seconds the auditor has to rule on an audited or disputed task; past it anyone may unwind the task
    ///         (`resolveStale`: refund, no slashing). Fixed per task when its audit or dispute opens.
    uint32 public auditTimeout;

    /// @notice Emitted when a payment token is allowed or disallowed.
    event TokenAllowed(address indexed token, bool allowed);
    /// @notice Emitted when the pause guardian pauses.
    event Paused(address account);
    /// @notice Emitted when governance un-pauses.
    event Unpaused(address account);

    /// @notice The operation is not allowed while paused.
    error EnforcedPause();
    /// @notice The operation requires the paused state.
    error ExpectedPause();

    /// @dev The pause flag lives in the params slot, so the check is free for functions that read params anyway.
    modifier whenNotPaused() {
        if (_params.paused) revert EnforcedPause();
        _;
    }

    constructor(address admin, IResultVerifier verifier_, address treasury_) Governed(admin) {
        _requireNonZero(address(verifier_));
        _requireNonZero(treasury_);
        verifier = verifier_;
        treasury = treasury_;
        _params = Params({
            slashBpsWrongResult: 1000,
            slashBpsNoShow: 200,
            auditRateBps: 1000,
            disputeBondBps: 1000,
            providerBps: 8000,
            treasuryBps: 1500,
            creatorBps: 500,
            maxRedundancy: 3,
            challengePeriod: 1 days,
            acceptWindow: 10 minutes,
            lastUnpausedAt: 0,
            paused: false,
            maxTaskDuration: 7 days
        });
        auditTimeout = 7 days;
        tokenAllowed[address(0)] = true;
        _openCredit(treasury_, address(0));
    }

    /// @notice Sets a numeric parameter, bounds-checked: slashBpsWrongResult [100, 10000], slashBpsNoShow
    ///         [10, 5000], auditRateBps [0, 10000], disputeBondBps [100, 10000], challengePeriod [60 s, 30 d],
    ///         acceptWindow [60 s, 1 d], maxRedundancy [1, 3], auditTimeout [1 h, 30 d], maxTaskDuration [1 h, 30 d].
    ///         challengePeriod, auditTimeout and maxTaskDuration are further capped so that `maxTaskLifetime()` stays
    ///         below the ProviderRegistry's unbondingPeriod (the cap is the `max` of ParameterOutOfBounds). Fee
    ///         shares go through `setFeeSplit`.
    /// @param name Parameter name (bytes32 of its ASCII name).
    /// @param value New value.
    function setParameter(bytes32 name, uint256 value) external onlyRole(GOVERNANCE_ROLE) {
        Params memory p = _params;
        uint256 life = _maxTaskLifetime();
        if (name == AUDIT_TIMEOUT) {
            _checkLifetime(name, value, 1 hours, life - 2 * uint256(auditTimeout), 2);
            emit ParameterChanged(name, auditTimeout, value);
            auditTimeout = uint32(value);
            return;
        }
        uint256 old;
        if (name == SLASH_BPS_WRONG_RESULT) {
            _checkBounds(name, value, 100, 10_000);
            (old, p.slashBpsWrongResult) = (p.slashBpsWrongResult, uint16(value));
        } else if (name == SLASH_BPS_NO_SHOW) {
            _checkBounds(name, value, 10, 5000);
            (old, p.slashBpsNoShow) = (p.slashBpsNoShow, uint16(value));
        } else if (name == AUDIT_RATE_BPS) {
            _checkBounds(name, value, 0, 10_000);
            (old, p.auditRateBps) = (p.auditRateBps, uint16(value));
        } else if (name == DISPUTE_BOND_BPS) {
            _checkBounds(name, value, 100, 10_000);
            (old, p.disputeBondBps) = (p.disputeBondBps, uint16(value));
        } else if (name == CHALLENGE_PERIOD) {
            _checkLifetime(name, value, 60, life - p.challengePeriod, 1);
            (old, p.challengePeriod) = (p.challengePeriod, uint32(value));
        } else if (name == ACCEPT_WINDOW) {
            _checkBounds(name, value, 60, 1 days);
            (old, p.acceptWindow) = (p.acceptWindow, uint32(value));
        } else if (name == MAX_TASK_DURATION) {
            _checkLifetime(name, value, 1 hours, life - p.maxTaskDuration, 1);
            (old, p.maxTaskDuration) = (p.maxTaskDuration, uint32(value));
        } else if (name == MAX_REDUNDANCY) {
            _checkBounds(name, value, 1, 3);
            (old, p.maxRedundancy) = (p.maxRedundancy, uint8(value));
        } else {
            revert UnknownParameter(name);
        }
        _params = p;
        emit ParameterChanged(name, old, value);
    }

    /// @notice Sets the fee split: providerBps [5000, 9500], treasuryBps [0, 5000], creatorBps [0, 2000],
    ///         summing to 10000 (else ParameterOutOfBounds("feeSplitSum", sum, 10000, 10000)).
    /// @param providerBps Share of the agreeing providers.
    /// @param treasuryBps Share of the treasury.
    /// @param creatorBps Share of the model creator.
    function setFeeSplit(uint256 providerBps, uint256 treasuryBps, uint256 creatorBps)
        external
        onlyRole(GOVERNANCE_ROLE)
    {
        _checkBounds(PROVIDER_BPS, providerBps, 5000, 9500);
        _checkBounds(TREASURY_BPS, treasuryBps, 0, 5000);
        _checkBounds(CREATOR_BPS, creatorBps, 0, 2000);
        uint256 sum = providerBps + treasuryBps + creatorBps;
        _checkBounds(FEE_SPLIT_SUM, sum, 10_000, 10_000);
        Params memory p = _params;
        emit ParameterChanged(PROVIDER_BPS, p.providerBps, providerBps);
        emit ParameterChanged(TREASURY_BPS, p.treasuryBps, treasuryBps);
        emit ParameterChanged(CREATOR_BPS, p.creatorBps, creatorBps);
        (p.providerBps, p.treasuryBps, p.creatorBps) = (uint16(providerBps), uint16(treasuryBps), uint16(creatorBps));
        _params = p;
    }

    /// @notice Replaces the result verifier.
    /// @param newVerifier Non-zero IResultVerifier.
    function setVerifier(IResultVerifier newVerifier) external onlyRole(GOVERNANCE_ROLE) {
        _requireNonZero(address(newVerifier));
        emit ParameterChanged(VERIFIER, uint256(uint160(address(verifier))), uint256(uint160(address(newVerifier))));
        verifier = newVerifier;
    }

    /// @notice Replaces the treasury (future credits only).
    /// @param newTreasury Non-zero address.
    function setTreasury(address newTreasury) external onlyRole(GOVERNANCE_ROLE) {
        _requireNonZero(newTreasury);
        emit ParameterChanged(TREASURY, uint256(uint160(treasury)), uint256(uint160(newTreasury)));
        treasury = newTreasury;
        _openCredit(newTreasury, address(0));
    }

    /// @notice Allows or disallows a payment token for new tasks (open tasks are unaffected).
    /// @param token ERC-20 address (address(0) = ETH).
    /// @param allowed Whether new tasks may use it.
    function setTokenAllowed(address token, bool allowed) external onlyRole(GOVERNANCE_ROLE) {
        tokenAllowed[token] = allowed;
        if (allowed) _openCredit(treasury, token);
        emit TokenAllowed(token, allowed);
    }

    /// @notice Pauses task entry points (submit, assign, accept, submitResult, finalize). Pause guardian only.
    function pause() external onlyRole(PAUSER_ROLE) whenNotPaused {
        _params.paused = true;
        emit Paused(msg.sender);
    }

    /// @notice Un-pauses. Governance (timelock) only. No-show penalties are waived for tasks assigned before.
    function unpause() external onlyRole(GOVERNANCE_ROLE) {
        Params memory p = _params;
        if (!p.paused) revert ExpectedPause();
        p.paused = false;
        p.lastUnpausedAt = uint32(block.timestamp);
        _params = p;
        emit Unpaused(msg.sender);
    }

    /// @dev The ProviderRegistry's unbondingPeriod.
    function _unbondingPeriod() internal view virtual returns (uint256);

    /// @dev Bounds [min, max] with max further capped so that others + factor * value < unbondingPeriod.
    function _checkLifetime(bytes32 name, uint256 value, uint256 min, uint256 others, uint256 factor) private view {
        uint256 ub = _unbondingPeriod();
        uint256 cap = ub > others ? (ub - 1 - others) / factor : 0;
        _checkBounds(name, value, min, cap < 30 days ? cap : 30 days);
    }

    /// @notice Whether the marketplace is paused.
    /// @return True while paused.
    function paused() public view returns (bool) {
        return _params.paused;
    }

    /// @dev maxTaskDuration + challengePeriod + 2 * auditTimeout (see MarketplaceCore.maxTaskLifetime).
    function _maxTaskLifetime() internal view returns (uint256) {
        Params memory p = _params;
        return uint256(p.maxTaskDuration) + p.challengePeriod + 2 * uint256(auditTimeout);
    }

    /// @notice All numeric parameters.
    /// @return The packed parameter struct.
    function params() external view returns (Params memory) {
        return _params;
    }
}
