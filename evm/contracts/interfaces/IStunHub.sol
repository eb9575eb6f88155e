// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {Ineligibility, Outcome, Requirements, SlashReason} from "../common/StunTypes.sol";

/// @title IProviderRegistryHub
/// @notice What the marketplace needs from the ProviderRegistry.
interface IProviderRegistryHub {
    /// @notice Why `provider` cannot take a task with `req` (Ineligibility.None if it can).
    function checkEligibility(address provider, Requirements calldata req) external view returns (Ineligibility);

    /// @notice The first of `list` that cannot take a task with `req` (reason None if all can), and the registry
    ///         indices of `list` packed 32 bits apart.
    function firstIneligible(address[] calldata list, Requirements calldata req)
        external
        view
        returns (uint256 index, Ineligibility reason, uint256 indices);

    /// @notice Registry index of `provider` (1-based; 0 if unregistered).
    function indexOf(address provider) external view returns (uint256);

    /// @notice Providers at three registry indices packed 32 bits apart (index 0 -> address(0)).
    function providersAt(uint256 indices) external view returns (address[3] memory);

    /// @notice Slashes `bps` of the provider's stake (active + unbonding) and jails it.
    function slash(address provider, uint256 bps, address challenger, SlashReason reason)
        external
        returns (uint256 amount);
}

/// @title IUnbondingPeriod
/// @notice The ProviderRegistry's unbonding period (a public parameter), read by the marketplace's setters.
interface IUnbondingPeriod {
    /// @notice Seconds between an unstake request and its withdrawal (kept above the marketplace's maxTaskLifetime).
    function unbondingPeriod() external view returns (uint256);
}

/// @title IMarketplaceHooks
/// @notice What the registries need from the ComputeMarketplace.
interface IMarketplaceHooks {
    /// @notice Longest time an assigned task can still slash its providers: maxTaskDuration + challengePeriod +
    ///         2 * auditTimeout (an audit, then a dispute of the audited result).
    function maxTaskLifetime() external view returns (uint256);
    /// @notice A provider registered with registry index `index` (ProviderRegistry only): opens its credit slots
    ///         and caches its index.
    function onProviderRegistered(address provider, uint256 index) external;
    /// @notice Opens `account`'s ETH and STUN credit slots (anyone; a one-time cost for the caller).
    function openCredits(address account) external;
}

/// @title IReputationHub
/// @notice What the marketplace needs from the ReputationRegistry.
interface IReputationHub {
    /// @notice Records a task outcome.
    function record(address provider, Outcome outcome, uint256 latency) external;

    /// @notice Creates a provider's record.
    function initialize(address provider) external;
}

/// @title IModelRegistryHub
/// @notice What the marketplace needs from the ModelRegistry.
interface IModelRegistryHub {
    /// @notice Creator of a model (zero if unregistered).
    function creatorOf(bytes32 modelId) external view returns (address);
}

/// @title IStakeToken
/// @notice The StunToken's staking-vault hooks.
interface IStakeToken {
    /// @notice Pulls stake from `staker` into the vault (spends the staker's allowance to the vault).
    function pullStake(address staker, uint256 amount) external;

    /// @notice Pushes `staker`'s stake out of the vault to `to`.
    function pushStake(address staker, address to, uint256 amount) external;
}
