// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {Governed} from "../common/Governed.sol";
import {IMarketplaceHooks} from "../interfaces/IStunHub.sol";

/// @title RegistryParams
/// @notice Governance-owned parameters of the ProviderRegistry: minStake [1, 1e9] STUN, unbondingPeriod
///         [max(1 h, marketplace.maxTaskLifetime() + 1), 90 d], challengerShareBps [0, 5000], jailPeriod [1 h, 365 d],
///         the treasury receiving slashed stake, and the bound marketplace.
/// @dev unbondingPeriod > the marketplace's maximum task lifetime replaces an unstake lock: stake that is active
///      when a task is assigned stays in the vault (active or unbonding) for as long as that task can slash it.
///      The marketplace enforces the same inequality from its side when its lifetime parameters change.
abstract contract RegistryParams is Governed {
    bytes32 public constant MIN_STAKE = "minStake";
    bytes32 public constant UNBONDING_PERIOD = "unbondingPeriod";
    bytes32 public constant CHALLENGER_SHARE_BPS = "challengerShareBps";
    bytes32 public constant JAIL_PERIOD = "jailPeriod";
    bytes32 public constant TREASURY = "treasury";
    bytes32 public constant MARKETPLACE = "marketplace";

    /// @notice Receiver of slashed stake.
    address public treasury;
    /// @notice Minimum active stake to be eligible.
    uint256 public minStake;
    /// @notice Seconds between `requestUnstake` and `withdrawUnstaked`.
    uint256 public unbondingPeriod;
    /// @notice Share (bps) of a slash paid to the challenger, if any.
    uint256 public challengerShareBps;
    /// @notice Seconds a slashed provider stays ineligible.
    uint256 public jailPeriod;
    /// @notice The marketplace whose task lifetime bounds `unbondingPeriod` from below and whose credit slots are
    ///         opened for each new provider (address(0) until governance binds it).
    IMarketplaceHooks public marketplace;

    constructor(address admin, address treasury_) Governed(admin) {
        _requireNonZero(treasury_);
        treasury = treasury_;
        minStake = 1000 ether;
        unbondingPeriod = 30 days;
        challengerShareBps = 2500;
        jailPeriod = 7 days;
    }

    /// @notice Sets a numeric parameter (bounds-checked): minStake [1, 1e9] STUN, unbondingPeriod
    ///         [max(1 h, maxTaskLifetime + 1), 90 d], challengerShareBps [0, 5000], jailPeriod [1 h, 365 d].
    /// @param name Parameter name (bytes32 of its ASCII name).
    /// @param value New value.
    function setParameter(bytes32 name, uint256 value) external onlyRole(GOVERNANCE_ROLE) {
        uint256 old;
        if (name == MIN_STAKE) {
            _checkBounds(name, value, 1 ether, 1_000_000_000 ether);
            old = minStake;
            minStake = value;
        } else if (name == UNBONDING_PERIOD) {
            _checkBounds(name, value, minUnbondingPeriod(), 90 days);
            old = unbondingPeriod;
            unbondingPeriod = value;
        } else if (name == CHALLENGER_SHARE_BPS) {
            _checkBounds(name, value, 0, 5000);
            old = challengerShareBps;
            challengerShareBps = value;
        } else if (name == JAIL_PERIOD) {
            _checkBounds(name, value, 1 hours, 365 days);
            old = jailPeriod;
            jailPeriod = value;
        } else {
            revert UnknownParameter(name);
        }
        emit ParameterChanged(name, old, value);
    }

    /// @notice Binds the marketplace (lifetime bound + credit slots of new providers). Its maximum task lifetime
    ///         must already be below `unbondingPeriod` (else ParameterOutOfBounds("unbondingPeriod", ...)).
    /// @param newMarketplace Non-zero marketplace.
    function setMarketplace(IMarketplaceHooks newMarketplace) external onlyRole(GOVERNANCE_ROLE) {
        _requireNonZero(address(newMarketplace));
        emit ParameterChanged(
            MARKETPLACE, uint256(uint160(address(marketplace))), uint256(uint160(address(newMarketplace)))
        );
        marketplace = newMarketplace;
        _checkBounds(UNBONDING_PERIOD, unbondingPeriod, minUnbondingPeriod(), 90 days);
    }

    /// @notice The smallest unbondingPeriod governance may set: 1 hour, or the bound marketplace's maximum task
    ///         lifetime + 1 s.
    /// @return The lower bound in seconds.
    function minUnbondingPeriod() public view returns (uint256) {
        IMarketplaceHooks m = marketplace;
        if (address(m) == address(0)) return 1 hours;
        uint256 life = m.maxTaskLifetime() + 1;
        return life > 1 hours ? life : 1 hours;
    }

    /// @notice Sets the receiver of slashed stake.
    /// @param newTreasury Non-zero address.
    function setTreasury(address newTreasury) external onlyRole(GOVERNANCE_ROLE) {
        _requireNonZero(newTreasury);
        emit ParameterChanged(TREASURY, uint256(uint160(treasury)), uint256(uint160(newTreasury)));
        treasury = newTreasury;
    }
}
