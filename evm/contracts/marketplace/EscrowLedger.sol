// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

/// @title EscrowLedger
/// @notice Escrow intake and pull-payment credits per (account, token). Nothing is ever pushed: payouts, refunds
///         and returned bonds are credited and withdrawn by their owner with `withdraw(token)`.
/// @dev A credit slot holds balance + 1 once opened (0 = never opened): `withdraw` leaves the 1, so an account's
///      next credit is a 2.9k nonzero->nonzero SSTORE instead of a 20k zero->nonzero one. The treasury's slots are
///      opened when the treasury or a token is set, a provider's ETH and STUN slots at its registration and a model
///      creator's at its model's registration (MarketplaceCore), so no task pays for them.
abstract contract EscrowLedger is ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    /// @dev balance + 1 once opened, else 0.
    mapping(address account => mapping(address token => uint256)) private _credits;

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
    /// @notice Emitted when an account's credit slot for `token` is opened (balance unchanged).
    event CreditOpened(address indexed account, address indexed token);

    /// @notice Withdraws the caller's whole credit in `token`.
    /// @param token ERC-20 address, or address(0) for ETH.
    function withdraw(address token) external nonReentrant {
        uint256 stored = _credits[msg.sender][token];
        if (stored <= 1) revert NothingToWithdraw(msg.sender, token);
        uint256 amount = stored - 1;
        _credits[msg.sender][token] = 1;
        emit Withdrawn(msg.sender, token, amount);
        if (token == address(0)) {
            (bool ok,) = msg.sender.call{value: amount}("");
            if (!ok) revert EthTransferFailed(msg.sender, amount);
        } else {
            IERC20(token).safeTransfer(msg.sender, amount);
        }
    }

    /// @notice Withdrawable balance of `account` in `token` (address(0) = ETH).
    /// @param account The account.
    /// @param token ERC-20 address, or address(0) for ETH.
    /// @return The amount `withdraw(token)` would pay `account`.
    function credits(address account, address token) external view returns (uint256) {
        uint256 stored = _credits[account][token];
        return stored == 0 ? 0 : stored - 1;
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
        if (amount != 0) {
            uint256 stored = _credits[account][token];
            _credits[account][token] = (stored == 0 ? 1 : stored) + amount;
        }
    }

    /// @dev Opens `account`'s credit slot for `token` (a one-time 20k SSTORE, paid here instead of by a task).
    function _openCredit(address account, address token) internal {
        if (_credits[account][token] == 0) {
            _credits[account][token] = 1;
            emit CreditOpened(account, token);
        }
    }
}
