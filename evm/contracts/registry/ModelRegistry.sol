// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {IMarketplaceHooks} from "../interfaces/IStunHub.sol";

/// @title ModelRegistry
/// @notice Maps a model's content hash to its creator, who receives the creator share of every task using it.
///         First registration wins; entries are never overwritten. Once the deployer binds the marketplace
///         (`bindMarketplace`, once), registering a model also opens the creator's ETH and STUN credit slots there,
///         so the creator's first payout is not a zero -> nonzero SSTORE paid by a task.
contract ModelRegistry {
    /// @notice The account allowed to bind the marketplace once (the deployer).
    address public immutable binder;
    /// @notice The marketplace whose credit slots are opened for creators (address(0) until bound).
    IMarketplaceHooks public marketplace;

    /// @notice Creator of each registered model (zero if unregistered).
    mapping(bytes32 modelId => address) public creatorOf;

    /// @notice The model id is zero.
    error ZeroModelId();
    /// @notice The model is already registered.
    error ModelAlreadyRegistered(bytes32 modelId, address creator);
    /// @notice Only the binder may bind, once, to a non-zero marketplace.
    error BindRefused(address caller, address current);

    /// @notice Emitted when a model is registered.
    event ModelRegistered(bytes32 indexed modelId, address indexed creator);
    /// @notice Emitted when the marketplace is bound.
    event MarketplaceBound(address indexed marketplace);

    constructor() {
        binder = msg.sender;
    }

    /// @notice Binds the marketplace (binder only, once).
    /// @param m The ComputeMarketplace.
    function bindMarketplace(IMarketplaceHooks m) external {
        if (msg.sender != binder || address(marketplace) != address(0) || address(m) == address(0)) {
            revert BindRefused(msg.sender, address(marketplace));
        }
        marketplace = m;
        emit MarketplaceBound(address(m));
    }

    /// @notice Registers `modelId` (content hash) with the caller as creator.
    /// @param modelId Content hash of the model.
    function registerModel(bytes32 modelId) external {
        if (modelId == bytes32(0)) revert ZeroModelId();
        address existing = creatorOf[modelId];
        if (existing != address(0)) revert ModelAlreadyRegistered(modelId, existing);
        creatorOf[modelId] = msg.sender;
        emit ModelRegistered(modelId, msg.sender);
        IMarketplaceHooks m = marketplace;
        if (address(m) != address(0)) m.openCredits(msg.sender);
    }
}
