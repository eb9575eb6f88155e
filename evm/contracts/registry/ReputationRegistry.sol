// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {Outcome} from "../common/StunTypes.sol";

/// @title ReputationRegistry
/// @notice Provider reputation in basis points (starts at 5000, bounded to [0, 10000]) with outcome counters.
///         Only the marketplace (MARKETPLACE_ROLE) records outcomes; the provider registry (REGISTRY_ROLE)
///         initialises a record at registration so that the marketplace's first update is a warm write.
contract ReputationRegistry is AccessControl {
    /// @notice Role that records task outcomes (the ComputeMarketplace).
    bytes32 public constant MARKETPLACE_ROLE = keccak256("MARKETPLACE_ROLE");
    /// @notice Role that initialises records (the ProviderRegistry).
    bytes32 public constant REGISTRY_ROLE = keccak256("REGISTRY_ROLE");

    /// @notice Starting score.
    uint16 public constant INITIAL_SCORE = 5000;
    /// @notice Maximum score.
    uint16 public constant MAX_SCORE = 10_000;
    /// @notice Score gained per successful task delivered within `FAST_LATENCY`.
    uint16 public constant SUCCESS_GAIN = 100;
    /// @notice Score gained per successful but slow task.
    uint16 public constant SLOW_SUCCESS_GAIN = 50;
    /// @notice Latency (seconds from assignment to result) under which a success counts as fast.
    uint32 public constant FAST_LATENCY = 1 hours;
    /// @notice Score lost per wrong result.
    uint16 public constant WRONG_PENALTY = 1000;
    /// @notice Score lost per no-show.
    uint16 public constant NO_SHOW_PENALTY = 500;

    struct Record {
        bool initialized;
        uint16 score;
        uint32 successes;
        uint32 wrongResults;
        uint32 noShows;
        uint64 totalLatency;
    }

    mapping(address provider => Record) private _records;

    /// @notice The zero address where an address is required.
    error ZeroAddress();

    /// @notice Emitted on every score change.
    event ReputationUpdated(address indexed provider, uint256 score);

    /// @param admin DEFAULT_ADMIN_ROLE holder (deployer, then timelock).
    constructor(address admin) {
        if (admin == address(0)) revert ZeroAddress();
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
    }

    /// @notice Creates the record of a newly registered provider (idempotent).
    /// @param provider The provider.
    function initialize(address provider) external onlyRole(REGISTRY_ROLE) {
        Record storage r = _records[provider];
        if (!r.initialized) {
            r.initialized = true;
            r.score = INITIAL_SCORE;
        }
    }

    /// @notice Records a task outcome and updates the score.
    /// @param provider The provider.
    /// @param outcome Success, wrong result or no-show.
    /// @param latency Seconds from assignment to result (only used for Success).
    function record(address provider, Outcome outcome, uint256 latency) external onlyRole(MARKETPLACE_ROLE) {
        Record memory r = _records[provider];
        if (!r.initialized) {
            r.initialized = true;
            r.score = INITIAL_SCORE;
        }
        uint256 score = r.score;
        if (outcome == Outcome.Success) {
            ++r.successes;
            r.totalLatency += uint64(latency);
            score += latency <= FAST_LATENCY ? SUCCESS_GAIN : SLOW_SUCCESS_GAIN;
            if (score > MAX_SCORE) score = MAX_SCORE;
        } else if (outcome == Outcome.WrongResult) {
            ++r.wrongResults;
            score = score > WRONG_PENALTY ? score - WRONG_PENALTY : 0;
        } else {
            ++r.noShows;
            score = score > NO_SHOW_PENALTY ? score - NO_SHOW_PENALTY : 0;
        }
        r.score = uint16(score);
        _records[provider] = r;
        emit ReputationUpdated(provider, score);
    }

    /// @notice Reputation of a provider, as read by the matcher.
    /// @param provider The provider.
    /// @return score Score in bps (INITIAL_SCORE for an unknown provider).
    /// @return successes Successful tasks.
    /// @return wrongResults Tasks where the provider was in the minority or failed an audit/dispute.
    /// @return noShows Tasks the provider never delivered.
    /// @return avgLatency Mean seconds from assignment to result over successes.
    function reputationOf(address provider)
        external
        view
        returns (uint256 score, uint256 successes, uint256 wrongResults, uint256 noShows, uint256 avgLatency)
    {
        Record memory r = _records[provider];
        score = r.initialized ? r.score : INITIAL_SCORE;
        successes = r.successes;
        wrongResults = r.wrongResults;
        noShows = r.noShows;
        avgLatency = successes == 0 ? 0 : r.totalLatency / successes;
    }
}
