// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

/// @title RejectEther
/// @notice TEST DOUBLE: a requester contract that refuses ETH, to show refunds are credited, not pushed.
contract RejectEther {
    /// @notice Submits an ETH task on `market` via the seed interface.
    /// @param market The marketplace.
    /// @param taskHash Task hash.
    /// @param deadline Deadline.
    /// @return ok Whether the call succeeded.
    /// @return ret Return data.
    function submit(address market, bytes32 taskHash, uint256 deadline)
        external
        payable
        returns (bool ok, bytes memory ret)
    {
        // solhint-disable-next-line avoid-low-level-calls
        (ok, ret) = market.call{value: msg.value}(
            abi.encodeWithSignature("submitTask(bytes32,uint256,uint256)", taskHash, msg.value, deadline)
        );
    }

    /// @notice Calls `target` with `data`.
    /// @param target Target.
    /// @param data Calldata.
    /// @return ok Whether the call succeeded.
    /// @return ret Return data.
    function call(address target, bytes calldata data) external returns (bool ok, bytes memory ret) {
        // solhint-disable-next-line avoid-low-level-calls
        (ok, ret) = target.call(data);
    }
}
