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

    /// @notice `firstIneligible`, and when every provider is eligible, counts one more open assignment for each
    ///         (unstaking is refused while a provider has any). Marketplace only.
    function lockAssigned(address[] calldata list, Requirements calldata req)
        external
        returns (uint256 index, Ineligibility reason, uint256 indices);

    /// @notice Ends one open assignment for each non-zero registry index in `indices` (packed 32 bits apart) and
    ///         returns their providers (as `providersAt`). Marketplace only.
    function unlockAssigned(uint256 indices) external returns (address[3] memory);

    /// @notice Registry index of `provider` (1-based; 0 if unregistered).
    function indexOf(address provider) external view returns (uint256);

    /// @notice Providers at three registry indices packed 32 bits apart (index 0 -> address(0)).
    function providersAt(uint256 indices) external view returns (address[3] memory);

    /// @notice Slashes `bps` of the provider's stake (active + unbonding) and jails it.
    function slash(address provider, uint256 bps, address challenger, SlashReason reason)
        external
        returns (uint256 amount);
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
