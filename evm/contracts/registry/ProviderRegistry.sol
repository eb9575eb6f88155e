// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {RegistryParams} from "./RegistryParams.sol";
import {
    Ineligibility, Privacy, ProviderSpecs, Requirements, SlashReason, TeeType
} from "../common/StunTypes.sol";
import {IMarketplaceHooks, IProviderRegistryHub, IReputationHub, IStakeToken} from "../interfaces/IStunHub.sol";

/// @title ProviderRegistry
/// @notice GPU provider registry and STUN staking vault: providers register specs, stake STUN (>= minStake to be
///         eligible), unbond through `requestUnstake` -> `withdrawUnstaked` after `unbondingPeriod`, and are slashed
///         (only by the marketplace, SLASHER_ROLE) and jailed for `jailPeriod`. Slashed STUN goes to the treasury,
///         `challengerShareBps` of it to the challenger when there is one. Stake keeps its voting power (StunToken).
///         Assigned stake stays slashable without a lock: once a marketplace is bound (`setMarketplace`),
///         `unbondingPeriod` is kept above its `maxTaskLifetime()` (RegistryParams), so stake that is active when a
///         task is assigned is still in the vault (active or unbonding) whenever that task can slash it.
contract ProviderRegistry is RegistryParams, ReentrancyGuardTransient, IProviderRegistryHub {
    /// @notice Role allowed to slash (the ComputeMarketplace).
    bytes32 public constant SLASHER_ROLE = keccak256("SLASHER_ROLE");

    uint256 internal constant BPS = 10_000;

    /// @dev Slot 0 holds everything the eligibility check needs except the price (slot 1, read only when the task
    ///      sets maxPrice). Amounts are uint96 (the STUN cap, 1e27, fits). Registered <=> index != 0.
    struct Provider {
        // slot 0
        uint96 stake;
        uint32 jailedUntil;
        bool active;
        uint16 vramGiB;
        uint16 computeCapability;
        uint8 gpuCount;
        TeeType tee;
        bytes4 region;
        uint24 index;
        // slot 1
        uint96 unbonding;
        uint32 unlockAt;
        uint80 pricePerUnit;
        // slot 2, 3
        bytes32 gpuModel;
        bytes32 attestationHash;
    }

    /// @notice The StunToken.
    IStakeToken public immutable stun;
    /// @notice The ReputationRegistry (records are created at registration).
    IReputationHub public immutable reputation;

    mapping(address provider => Provider) private _providers;
    /// @dev Registry index (1-based) -> provider. The marketplace packs assignments by index.
    mapping(uint256 index => address) private _byIndex;
    /// @notice Number of registered providers (the last registry index).
    uint256 public providerCount;

    error AlreadyRegistered(address provider);
    error NotRegistered(address provider);
    error InvalidSpecs();
    error ZeroAmount();
    error InsufficientStake(uint256 requested, uint256 available);
    error NothingUnbonding();
    error StillUnbonding(uint256 unlockAt);
    error InvalidBps(uint256 bps);
    /// @notice No registry index is left (2^24 - 1 providers).
    error RegistryFull();

    event ProviderRegistered(address indexed provider, ProviderSpecs specs);
    event ProviderUpdated(address indexed provider, ProviderSpecs specs, bool active);
    event Staked(address indexed provider, uint256 amount);
    event UnstakeRequested(address indexed provider, uint256 amount, uint256 unlockAt);
    event Unstaked(address indexed provider, uint256 amount);
    event Slashed(address indexed provider, uint256 amount, SlashReason reason);

    /// @param stun_ The StunToken (must bind this contract as its staking vault).
    /// @param reputation_ The ReputationRegistry (this contract needs its REGISTRY_ROLE).
    /// @param treasury_ Receiver of slashed stake.
    /// @param admin Initial admin/governance (deployer, handed over to the timelock).
    constructor(IStakeToken stun_, IReputationHub reputation_, address treasury_, address admin) RegistryParams(admin, treasury_) {
        _requireNonZero(address(stun_));
        _requireNonZero(address(reputation_));
        stun = stun_;
        reputation = reputation_;
    }

    // ------------------------------------------------------------------ providers

    /// @notice Registers the caller as a provider with `specs`, optionally staking `amount` (needs allowance).
    /// @param specs GPU specs.
    /// @param amount Initial stake (may be zero).
    function register(ProviderSpecs calldata specs, uint256 amount) external nonReentrant {
        Provider storage p = _providers[msg.sender];
        if (p.index != 0) revert AlreadyRegistered(msg.sender);
        p.active = true;
        uint256 idx = ++providerCount;
        if (idx > type(uint24).max) revert RegistryFull();
        _byIndex[idx] = msg.sender;
        p.index = uint24(idx);
        _writeSpecs(p, specs);
        reputation.initialize(msg.sender);
        emit ProviderRegistered(msg.sender, specs);
        IMarketplaceHooks m = marketplace;
        if (address(m) != address(0)) m.onProviderRegistered(msg.sender, idx);
        if (amount != 0) _stake(p, amount);
    }

    /// @notice Updates the caller's specs and availability.
    /// @param specs New specs.
    /// @param active Whether the provider accepts new tasks.
    function updateProvider(ProviderSpecs calldata specs, bool active) external {
        Provider storage p = _registered(msg.sender);
        _writeSpecs(p, specs);
        p.active = active;
        emit ProviderUpdated(msg.sender, specs, active);
    }

    /// @notice Adds `amount` STUN to the caller's stake (needs allowance to this contract).
    /// @param amount Amount to stake.
    function stake(uint256 amount) external nonReentrant {
        if (amount == 0) revert ZeroAmount();
        _stake(_registered(msg.sender), amount);
    }

    /// @notice Moves `amount` from active stake to unbonding; the unlock time restarts at now + unbondingPeriod
    ///         (longer than any task the provider is assigned to can still slash it; see RegistryParams).
    /// @param amount Amount to unbond.
    function requestUnstake(uint256 amount) external {
        Provider storage p = _registered(msg.sender);
        if (amount == 0) revert ZeroAmount();
        uint256 s = p.stake;
        if (amount > s) revert InsufficientStake(amount, s);
        p.stake = uint96(s - amount);
        p.unbonding += uint96(amount);
        uint256 unlockAt = block.timestamp + unbondingPeriod;
        p.unlockAt = uint32(unlockAt);
        emit UnstakeRequested(msg.sender, amount, unlockAt);
    }

    /// @notice Withdraws all unbonded stake once `unlockAt` has passed.
    function withdrawUnstaked() external nonReentrant {
        Provider storage p = _providers[msg.sender];
        uint256 amount = p.unbonding;
        if (amount == 0) revert NothingUnbonding();
        if (block.timestamp < p.unlockAt) revert StillUnbonding(p.unlockAt);
        p.unbonding = 0;
        stun.pushStake(msg.sender, msg.sender, amount);
        emit Unstaked(msg.sender, amount);
    }

    // ------------------------------------------------------------------ marketplace hooks

    /// @inheritdoc IProviderRegistryHub
    function checkEligibility(address provider, Requirements calldata req)
        external
        view
        returns (Ineligibility)
    {
        return _eligibility(_providers[provider], req, minStake);
    }

    /// @inheritdoc IProviderRegistryHub
    function firstIneligible(address[] calldata list, Requirements calldata req)
        external
        view
        returns (uint256 index, Ineligibility reason, uint256 indices)
    {
        uint256 min = minStake;
        for (uint256 i; i < list.length; ++i) {
            Provider storage p = _providers[list[i]];
            reason = _eligibility(p, req, min);
            if (reason != Ineligibility.None) return (i, reason, 0);
            indices |= uint256(p.index) << (32 * i);
        }
        return (0, Ineligibility.None, indices);
    }

    /// @inheritdoc IProviderRegistryHub
    function indexOf(address provider) external view returns (uint256) {
        return _providers[provider].index;
    }

    /// @inheritdoc IProviderRegistryHub
    function providersAt(uint256 indices) external view returns (address[3] memory out) {
        for (uint256 i; i < 3; ++i) {
            uint256 idx = (indices >> (32 * i)) & 0xffffffff;
            if (idx != 0) out[i] = _byIndex[idx];
        }
    }

    /// @inheritdoc IProviderRegistryHub
    function slash(address provider, uint256 bps, address challenger, SlashReason reason)
        external
        onlyRole(SLASHER_ROLE)
        nonReentrant
        returns (uint256 amount)
    {
        if (bps > BPS) revert InvalidBps(bps);
        Provider storage p = _providers[provider];
        uint256 s = p.stake;
        uint256 u = p.unbonding;
        amount = ((s + u) * bps) / BPS;
        if (amount <= s) {
            p.stake = uint96(s - amount);
        } else {
            p.stake = 0;
            p.unbonding = uint96(u - (amount - s));
        }
        p.jailedUntil = uint32(block.timestamp + jailPeriod);
        if (amount != 0) {
            uint256 toChallenger = challenger == address(0) ? 0 : (amount * challengerShareBps) / BPS;
            if (toChallenger != 0) stun.pushStake(provider, challenger, toChallenger);
            stun.pushStake(provider, treasury, amount - toChallenger);
        }
        emit Slashed(provider, amount, reason);
    }

    // ------------------------------------------------------------------ views

    /// @notice A provider's record.
    /// @param provider The provider.
    /// @return specs Registered specs.
    /// @return stake_ Active stake.
    /// @return unbonding Stake waiting for `unlockAt`.
    /// @return unlockAt When unbonding stake can be withdrawn.
    /// @return jailedUntil Ineligible until this time.
    /// @return registered Whether registered.
    /// @return active Whether accepting tasks.
    function getProvider(address provider)
        external
        view
        returns (
            ProviderSpecs memory specs,
            uint256 stake_,
            uint256 unbonding,
            uint256 unlockAt,
            uint256 jailedUntil,
            bool registered,
            bool active
        )
    {
        Provider storage p = _providers[provider];
        specs = ProviderSpecs({
            gpuModel: p.gpuModel,
            vramGiB: p.vramGiB,
            computeCapability: p.computeCapability,
            gpuCount: p.gpuCount,
            region: p.region,
            pricePerUnit: p.pricePerUnit,
            tee: p.tee,
            attestationHash: p.attestationHash
        });
        return (specs, p.stake, p.unbonding, p.unlockAt, p.jailedUntil, p.index != 0, p.active);
    }

    /// @notice Active plus unbonding stake (the slashable total).
    /// @param provider The provider.
    /// @return Total stake held for the provider.
    function totalStakeOf(address provider) external view returns (uint256) {
        Provider storage p = _providers[provider];
        return uint256(p.stake) + p.unbonding;
    }

    // ------------------------------------------------------------------ internal

    function _eligibility(Provider storage p, Requirements calldata req, uint256 min)
        private
        view
        returns (Ineligibility)
    {
        if (p.index == 0) return Ineligibility.NotRegistered;
        if (!p.active) return Ineligibility.Inactive;
        if (p.stake < min) return Ineligibility.InsufficientStake;
        if (p.jailedUntil > block.timestamp) return Ineligibility.Jailed;
        if (p.vramGiB < req.gpuMemory) return Ineligibility.GpuMemory;
        if (p.computeCapability < req.computeCapability) return Ineligibility.ComputeCapability;
        if (p.gpuCount < req.gpuCount) return Ineligibility.GpuCount;
        if (req.region != bytes4(0) && p.region != req.region) return Ineligibility.Region;
        if (req.privacy == Privacy.Tee && p.tee == TeeType.None) return Ineligibility.Tee;
        if (req.maxPrice != 0 && p.pricePerUnit > req.maxPrice) return Ineligibility.Price;
        return Ineligibility.None;
    }

    function _registered(address provider) private view returns (Provider storage p) {
        p = _providers[provider];
        if (p.index == 0) revert NotRegistered(provider);
    }

    function _stake(Provider storage p, uint256 amount) private {
        if (amount > type(uint96).max - p.stake) revert InsufficientStake(amount, type(uint96).max - p.stake);
        p.stake += uint96(amount);
        stun.pullStake(msg.sender, amount);
        emit Staked(msg.sender, amount);
    }

    function _writeSpecs(Provider storage p, ProviderSpecs calldata s) private {
        if (s.vramGiB == 0 || s.gpuCount == 0 || s.computeCapability == 0) revert InvalidSpecs();
        p.vramGiB = s.vramGiB;
        p.computeCapability = s.computeCapability;
        p.gpuCount = s.gpuCount;
        p.region = s.region;
        p.pricePerUnit = s.pricePerUnit;
        p.tee = s.tee;
        p.gpuModel = s.gpuModel;
        p.attestationHash = s.attestationHash;
    }
}
