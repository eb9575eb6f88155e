// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";

/// @title Governed
/// @notice Shared base for every STUN hub contract that has governance-owned parameters: an AccessControl whose
///         GOVERNANCE_ROLE (held by the timelock after deployment) is the only caller of parameter setters, plus the
///         bounds check and the `ParameterChanged` event every chain uses.
abstract contract Governed is AccessControl {
    /// @notice Role allowed to change parameters and to un-pause (the TimelockController).
    bytes32 public constant GOVERNANCE_ROLE = keccak256("GOVERNANCE_ROLE");

    /// @notice A parameter value outside its on-chain bounds.
    error ParameterOutOfBounds(bytes32 name, uint256 value, uint256 min, uint256 max);
    /// @notice A parameter name this contract does not know.
    error UnknownParameter(bytes32 name);
    /// @notice The zero address where an address is required.
    error ZeroAddress();

    /// @notice Emitted whenever a governed parameter changes (addresses are cast to uint256).
    event ParameterChanged(bytes32 indexed name, uint256 oldValue, uint256 newValue);

    /// @param admin Initial holder of DEFAULT_ADMIN_ROLE and GOVERNANCE_ROLE (the deployer, who hands over to
    ///        the timelock, or the timelock itself).
    constructor(address admin) {
        _requireNonZero(admin);
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(GOVERNANCE_ROLE, admin);
    }

    /// @dev Reverts with `ParameterOutOfBounds` unless min <= value <= max.
    function _checkBounds(bytes32 name, uint256 value, uint256 min, uint256 max) internal pure {
        if (value < min || value > max) revert ParameterOutOfBounds(name, value, min, max);
    }

    /// @dev Reverts with `ZeroAddress` for address(0).
    function _requireNonZero(address a) internal pure {
        if (a == address(0)) revert ZeroAddress();
    }
}
