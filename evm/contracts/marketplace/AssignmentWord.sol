// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {AssignmentState} from "./TaskTypes.sol";

/// @title AssignmentWord
/// @notice Up to three provider assignments packed in one storage word, 80 bits each:
///         `registryIndex (32) | state (8) | resultIdx (8) | latency (32)`. Providers are identified by their
///         ProviderRegistry index (assigned once at registration), so a 3-provider task costs one slot.
library AssignmentWord {
    uint256 internal constant LANE = 80;

    /// @notice Registry index of the i-th provider.
    function index(uint256 w, uint256 i) internal pure returns (uint256) {
        return (w >> (LANE * i)) & 0xffffffff;
    }

    /// @notice State of the i-th provider.
    function state(uint256 w, uint256 i) internal pure returns (AssignmentState) {
        return AssignmentState((w >> (LANE * i + 32)) & 0xff);
    }

    /// @notice Result index of the i-th provider.
    function resultIdx(uint256 w, uint256 i) internal pure returns (uint8) {
        return uint8((w >> (LANE * i + 40)) & 0xff);
    }

    /// @notice Latency (seconds from assignment to result) of the i-th provider.
    function latency(uint256 w, uint256 i) internal pure returns (uint32) {
        return uint32((w >> (LANE * i + 48)) & 0xffffffff);
    }

    /// @notice Returns `w` with lane i replaced.
    function set(uint256 w, uint256 i, uint256 idx, AssignmentState st, uint256 res, uint256 lat)
        internal
        pure
        returns (uint256)
    {
        uint256 shift = LANE * i;
        uint256 lane = idx | (uint256(st) << 32) | (res << 40) | (lat << 48);
        return (w & ~(((uint256(1) << LANE) - 1) << shift)) | (lane << shift);
    }

    /// @notice The lane of registry index `idx` among the first `r` (reverts via `found == false`).
    function find(uint256 w, uint256 r, uint256 idx) internal pure returns (bool found, uint256 i) {
        if (idx == 0) return (false, 0);
        for (; i < r; ++i) {
            if (index(w, i) == idx) return (true, i);
        }
        return (false, 0);
    }

    /// @notice The three registry indices packed 32 bits apart (for ProviderRegistry.providersAt).
    function indices(uint256 w) internal pure returns (uint256) {
        return index(w, 0) | (index(w, 1) << 32) | (index(w, 2) << 64);
    }
}
