// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

/// @title IResultVerifier
/// @notice Verifies a provider's Groth16 proof that it knows a result whose Poseidon commitment is `resultHash`,
///         bound to `taskId` and `provider` (docs/proofs.md). The public inputs, in circuit order, are
///         `[taskId, resultHash, uint256(uint160(provider))]`.
/// @dev `proof` is `abi.encode(uint256[2] a, uint256[2][2] b, uint256[2] c)` (256 bytes) with the G2 limbs of `b`
///      in EVM precompile order (`[x.c1, x.c0]`), exactly as snarkjs `exportSolidityCallData` prints them.
///      Implementations revert with a named error on malformed input (wrong length, an input outside the scalar
///      field, a point outside the base field) and return false for a well-formed proof that does not verify.
interface IResultVerifier {
    /// @notice Returns true iff `proof` is a valid proof for the three public inputs.
    /// @param taskId The task id (must be < the BN254 scalar field modulus).
    /// @param resultHash The Poseidon commitment of the result (must be < the BN254 scalar field modulus).
    /// @param provider The provider the proof is bound to (the marketplace passes msg.sender).
    /// @param proof The ABI-encoded Groth16 proof (256 bytes).
    function verifyResult(uint256 taskId, bytes32 resultHash, address provider, bytes calldata proof)
        external
        view
        returns (bool);
}
