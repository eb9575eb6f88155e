// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

/// @title ModelRegistry
/// @notice Maps a model's content hash to its creator, who receives the creator share of every task using it.
///         First registration wins; entries are never overwritten.
contract ModelRegistry {
    /// @notice Creator of each registered model (zero if unregistered).
    mapping(bytes32 modelId => address) public creatorOf;

    /// @notice The model id is zero.
    error ZeroModelId();
    /// @notice The model is already registered.
    error ModelAlreadyRegistered(bytes32 modelId, address creator);

    /// @notice Emitted when a model is registered.
    event ModelRegistered(bytes32 indexed modelId, address indexed creator);

    /// @notice Registers `modelId` (content hash) with the caller as creator.
    /// @param modelId Content hash of the model.
    function registerModel(bytes32 modelId) external {
        if (modelId == bytes32(0)) revert ZeroModelId();
        address existing = creatorOf[modelId];
        if (existing != address(0)) revert ModelAlreadyRegistered(modelId, existing);
        creatorOf[modelId] = msg.sender;
        emit ModelRegistered(modelId, msg.sender);
    }
}
