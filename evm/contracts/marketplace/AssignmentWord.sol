// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {AssignmentState} from "./TaskTypes.sol";

/// @title AssignmentWord
/// @notice Up to three provider assignments packed in one storage word, 60 bits each:
///         `registryIndex (24) | state (2) | resultIdx (2) | latency (32)`, and in the top 76 bits a tag of the task's
///         requirements (the top 76 bits of keccak256 of their packed word), so that a reassignment can check a
///         replacement against requirements the caller supplies after the requirements slot was reused for a result.
///         Providers are identified by their ProviderRegistry index (uint24, assigned once at registration).
/// @dev `latency`: before the lane's result, the seconds from the task's assignment to the lane's own assignment
///      (0, or the reassignment delay); after it, the seconds from the lane's assignment to its result.
library AssignmentWord {
    uint256 internal constant LANE = 60;
    uint256 internal constant TAG_SHIFT = 180;

    /// @notice Registry index of the i-th provider.
    function index(uint256 w, uint256 i) internal pure returns (uint256) {
        return (w >> (LANE * i)) & 0xffffff;
    }

    /// @notice State of the i-th provider.
    function state(uint256 w, uint256 i) internal pure returns (AssignmentState) {
        return AssignmentState((w >> (LANE * i + 24)) & 3);
    }

    /// @notice Result index of the i-th provider.
    function resultIdx(uint256 w, uint256 i) internal pure returns (uint8) {
        return uint8((w >> (LANE * i + 26)) & 3);
    }

    /// @notice Latency field of the i-th provider (see the library's dev note).
    function latency(uint256 w, uint256 i) internal pure returns (uint32) {
        return uint32(w >> (LANE * i + 28));
    }

    /// @notice Returns `w` with lane i replaced (idx < 2^24, res < 4, lat < 2^32).
    function set(uint256 w, uint256 i, uint256 idx, AssignmentState st, uint256 res, uint256 lat)
        internal
        pure
        returns (uint256)
    {
        uint256 shift = LANE * i;
        uint256 lane = idx | (uint256(st) << 24) | (res << 26) | (lat << 28);
        return (w & ~(((uint256(1) << LANE) - 1) << shift)) | (lane << shift);
    }

    /// @notice A fresh word: lanes from registry indices packed 32 bits apart (state Assigned, latency 0) and the
    ///         requirements tag of `reqHash`.
    function pack(uint256 indices32, bytes32 reqHash) internal pure returns (uint256) {
        return (indices32 & 0xffffff) | (((indices32 >> 32) & 0xffffff) << LANE)
            | (((indices32 >> 64) & 0xffffff) << (2 * LANE)) | ((uint256(reqHash) >> TAG_SHIFT) << TAG_SHIFT);
    }

    /// @notice Whether `reqHash` carries the word's requirements tag.
    function tagMatches(uint256 w, bytes32 reqHash) internal pure returns (bool) {
        return w >> TAG_SHIFT == uint256(reqHash) >> TAG_SHIFT;
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
