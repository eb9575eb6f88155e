// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

/// @title EscrowLedger
/// @notice Escrow intake and pull-payment credits per (account, token). Nothing is ever pushed: payouts, refunds
///         and returned bonds are credited and withdrawn by their owner with `withdraw(token)`.
abstract contract EscrowLedger is ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    /// @notice Withdrawable balance of each account per token (address(0) = ETH).
    mapping(address account => mapping(address token => uint256)) public credits;

    /// @notice msg.value does not match what the call requires.
    error IncorrectValue(uint256 expected, uint256 received);
    /// @notice The token delivered less than the amount (fee-on-transfer tokens are refused).
    error FeeOnTransferToken(address token, uint256 expected, uint256 received);
    /// @notice No credit to withdraw.
    error NothingToWithdraw(address account, address token);
    /// @notice The ETH transfer to the caller failed.
    error EthTransferFailed(address to, uint256 amount);

    /// @notice Emitted when credit is withdrawn.
    event Withdrawn(address indexed account, address indexed token, uint256 amount);

    /// @notice Withdraws the caller's whole credit in `token`.
    /// @param token ERC-20 address, or address(0) for ETH.
    function withdraw(address token) external nonReentrant {
        uint256 amount = credits[msg.sender][token];
        if (amount == 0) revert NothingToWithdraw(msg.sender, token);
        credits[msg.sender][token] = 0;
        emit Withdrawn(msg.sender, token, amount);
        if (token == address(0)) {
            (bool ok,) = msg.sender.call{value: amount}("");
            if (!ok) revert EthTransferFailed(msg.sender, amount);
        } else {
            IERC20(token).safeTransfer(msg.sender, amount);
        }
    }

    /// @dev Takes `amount` of `token` from msg.sender: ETH must equal msg.value; an ERC-20 must arrive in full
    ///      (measured by balance delta) and msg.value must be zero.
    function _collect(address token, uint256 amount) internal {
        if (token == address(0)) {
            if (msg.value != amount) revert IncorrectValue(amount, msg.value);
            return;
        }
        if (msg.value != 0) revert IncorrectValue(0, msg.value);
        IERC20 t = IERC20(token);
        uint256 before = t.balanceOf(address(this));
        t.safeTransferFrom(msg.sender, address(this), amount);
        uint256 received = t.balanceOf(address(this)) - before;
        if (received != amount) revert FeeOnTransferToken(token, amount, received);
    }

    /// @dev Credits `amount` of `token` to `account` (no-op for zero).
    function _credit(address account, address token, uint256 amount) internal {
        if (amount != 0) credits[account][token] += amount;
    }
}
