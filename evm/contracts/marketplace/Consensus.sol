// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

/// @title Consensus
/// @notice Pure helpers of the marketplace: strict-majority consensus over up to 3 result hashes, the audit draw
///         and the payment split.
library Consensus {
    uint256 internal constant BPS = 10_000;

    /// @notice Count of the `idx`-th distinct result in a packed counter (two bits each).
    function countOf(uint8 counts, uint256 idx) internal pure returns (uint256) {
        return (counts >> (2 * idx)) & 3;
    }

    /// @notice Total submissions in a packed counter.
    function total(uint8 counts) internal pure returns (uint256) {
        return (counts & 3) + ((counts >> 2) & 3) + (counts >> 4);
    }

    /// @notice Number of distinct results (they fill the pairs in order).
    function distinct(uint8 counts) internal pure returns (uint256 d) {
        if (counts & 3 != 0) ++d;
        if ((counts >> 2) & 3 != 0) ++d;
        if (counts >> 4 != 0) ++d;
    }

    /// @notice The result index agreed on by a strict majority of `redundancy`, if any.
    /// @return found Whether some result has count * 2 > redundancy.
    /// @return idx Its index.
    function majority(uint8 counts, uint256 redundancy) internal pure returns (bool found, uint8 idx) {
        for (uint8 i; i < 3; ++i) {
            if (countOf(counts, i) * 2 > redundancy) return (true, i);
        }
        return (false, 0);
    }

    /// @notice Audit draw: prevrandao mixed with the task id against `rateBps`.
    function auditDrawn(uint256 taskId, uint256 rateBps) internal view returns (bool) {
        if (rateBps == 0) return false;
        return uint256(keccak256(abi.encode(block.prevrandao, taskId))) % BPS < rateBps;
    }

    /// @notice Splits `reward` among `k` agreeing providers, the treasury and the model creator.
    /// @dev each * k + treasuryAmount + creatorAmount == reward exactly; the integer remainder and, without a
    ///      creator, the creator share go to the treasury.
    function split(uint256 reward, uint256 providerBps, uint256 creatorBps, uint256 k, bool hasCreator)
        internal
        pure
        returns (uint256 each, uint256 treasuryAmount, uint256 creatorAmount)
    {
        each = (reward * providerBps) / BPS / k;
        creatorAmount = hasCreator ? (reward * creatorBps) / BPS : 0;
        treasuryAmount = reward - each * k - creatorAmount;
    }
}
