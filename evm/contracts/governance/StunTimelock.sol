// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";

/// @title StunTimelock
/// @notice The hub's TimelockController: holds GOVERNANCE_ROLE and DEFAULT_ADMIN_ROLE on every STUN contract, so
///         every parameter change goes through a vote and a delay. Proposer/canceller: the StunGovernor;
///         executor: anyone (address(0)); the deployer's admin role is renounced by the deploy script.
contract StunTimelock is TimelockController {
    /// @param minDelay Minimum delay (seconds) between queue and execute.
    /// @param proposers Initial proposers (and cancellers).
    /// @param executors Initial executors (address(0) = anyone).
    /// @param admin Optional temporary admin (address(0) for none).
    constructor(uint256 minDelay, address[] memory proposers, address[] memory executors, address admin)
        TimelockController(minDelay, proposers, executors, admin)
    {}
}
