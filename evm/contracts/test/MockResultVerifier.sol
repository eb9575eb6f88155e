// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {IResultVerifier} from "../interfaces/IResultVerifier.sol";

/// @title MockResultVerifier
/// @notice TEST DOUBLE, unit tests only. Accepts a proof iff its first 32 bytes equal
///         keccak256(abi.encode(taskId, resultHash, provider)), so a proof is still bound to the task, the result
///         and the provider (a copied proof fails). Proofs may be padded to 256 bytes to match real calldata size.
contract MockResultVerifier is IResultVerifier {
    /// @inheritdoc IResultVerifier
    function verifyResult(uint256 taskId, bytes32 resultHash, address provider, bytes calldata proof)
        external
        pure
        returns (bool)
    {
        if (proof.length < 32) return false;
        return bytes32(proof[:32]) == expectedProof(taskId, resultHash, provider);
    }

    /// @notice The 32-byte proof this mock accepts.
    /// @param taskId Task id.
    /// @param resultHash Result hash.
    /// @param provider Provider.
    /// @return The accepted proof prefix.
    function expectedProof(uint256 taskId, bytes32 resultHash, address provider) public pure returns (bytes32) {
        return keccak256(abi.encode(taskId, resultHash, provider));
    }
}
