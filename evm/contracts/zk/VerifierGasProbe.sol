// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

/// @title VerifierGasProbe
/// @notice Test/benchmark helper: measures the execution gas of one verifier call, excluding the 21,000 base cost
///         and calldata. The target is called once to warm its account, then measured on a second call, so the number
///         is the verifier's own execution plus a warm STATICCALL (100 gas) and the call's memory copy.
contract VerifierGasProbe {
    /// @notice Returns the gas used by `target.staticcall(data)` (warm), whether it succeeded and its return data.
    function measure(address target, bytes calldata data)
        external
        view
        returns (uint256 gasUsed, bool success, bytes memory ret)
    {
        (success,) = target.staticcall(data); // warm the account and its code
        uint256 before = gasleft();
        (success, ret) = target.staticcall(data);
        gasUsed = before - gasleft();
    }
}
