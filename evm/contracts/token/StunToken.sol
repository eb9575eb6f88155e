// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {ERC20Votes} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Votes.sol";
import {Nonces} from "@openzeppelin/contracts/utils/Nonces.sol";

/// @title StunToken
/// @notice Native STUN on the hub chain: ERC20 + ERC20Permit + ERC20Votes (timestamp clock, EIP-6372), with a
///         hard-capped supply minted once, at deployment, to the distribution the deploy script passes.
/// @dev Staked STUN keeps its holder's voting power. The staking vault (the ProviderRegistry, bound once by the
///      deployer) moves stake only through `pullStake` / `pushStake`; ordinary transfers to or from the vault
///      revert. Voting units are `balanceOf(a) + stakedBalanceOf(a)`: pulling stake into the vault leaves the
///      staker's votes in place, pushing stake out (withdrawal or slashing) moves the votes with the tokens.
contract StunToken is ERC20, ERC20Permit, ERC20Votes {
    /// @notice Hard cap: 1 billion STUN.
    uint256 public constant MAX_SUPPLY = 1_000_000_000 ether;

    /// @notice The account allowed to bind the staking vault (the deployer), once.
    address public immutable vaultBinder;
    /// @notice The staking vault (ProviderRegistry); zero until bound.
    address public stakingVault;
    /// @notice STUN each account holds in the staking vault (counted in its voting units).
    mapping(address account => uint256) public stakedBalanceOf;

    /// @notice Distribution arrays of different lengths or empty.
    error DistributionLengthMismatch(uint256 recipients, uint256 amounts);
    /// @notice The distribution exceeds MAX_SUPPLY.
    error SupplyCapExceeded(uint256 total, uint256 cap);
    /// @notice Only the binder may bind, only once, to a non-zero address.
    error VaultBindingNotAllowed();
    /// @notice The caller is not the staking vault.
    error NotStakingVault(address caller);
    /// @notice Plain transfers to or from the staking vault are refused (use the registry).
    error VaultTransferNotAllowed();
    /// @notice More stake pushed out of the vault than the staker has in it.
    error StakedBalanceExceeded(address staker, uint256 amount, uint256 staked);

    /// @notice Emitted when the staking vault is bound.
    event StakingVaultBound(address indexed vault);

    /// @param recipients Initial holders.
    /// @param amounts Amount (wei) minted to each recipient; the sum must not exceed MAX_SUPPLY.
    constructor(address[] memory recipients, uint256[] memory amounts) ERC20("STUN", "STUN") ERC20Permit("STUN") {
        uint256 n = recipients.length;
        if (n == 0 || n != amounts.length) revert DistributionLengthMismatch(n, amounts.length);
        uint256 total;
        for (uint256 i; i < n; ++i) {
            total += amounts[i];
            _mint(recipients[i], amounts[i]);
        }
        if (total > MAX_SUPPLY) revert SupplyCapExceeded(total, MAX_SUPPLY);
        vaultBinder = msg.sender;
    }

    /// @notice Binds the staking vault. Callable once, by the deployer.
    /// @param vault The ProviderRegistry address.
    function bindStakingVault(address vault) external {
        if (msg.sender != vaultBinder || stakingVault != address(0) || vault == address(0)) {
            revert VaultBindingNotAllowed();
        }
        stakingVault = vault;
        emit StakingVaultBound(vault);
    }

    /// @notice Moves `amount` from `staker` into the vault, spending the staker's allowance to the vault. The
    ///         staker's voting power is unchanged.
    /// @param staker The staker (the vault passes its caller).
    /// @param amount Amount to stake.
    function pullStake(address staker, uint256 amount) external {
        address vault = _onlyVault();
        _spendAllowance(staker, vault, amount);
        if (staker == address(0)) revert ERC20InvalidSender(address(0));
        ERC20._update(staker, vault, amount);
        stakedBalanceOf[staker] += amount;
    }

    /// @notice Moves `amount` of `staker`'s stake out of the vault to `to` (withdrawal, slash to treasury or
    ///         challenger). Voting power moves from the staker's delegate to `to`'s delegate.
    /// @param staker Whose stake is moved.
    /// @param to Recipient.
    /// @param amount Amount.
    function pushStake(address staker, address to, uint256 amount) external {
        address vault = _onlyVault();
        uint256 staked = stakedBalanceOf[staker];
        if (amount > staked) revert StakedBalanceExceeded(staker, amount, staked);
        if (to == address(0) || to == vault) revert ERC20InvalidReceiver(to);
        stakedBalanceOf[staker] = staked - amount;
        ERC20._update(vault, to, amount);
        _transferVotingUnits(staker, to, amount);
    }

    /// @notice EIP-6372 clock: timestamps (same on every chain; the Governor reads it).
    /// @return The current block timestamp.
    function clock() public view override returns (uint48) {
        return uint48(block.timestamp);
    }

    /// @notice EIP-6372 clock mode.
    /// @return "mode=timestamp".
    // solhint-disable-next-line func-name-mixedcase
    function CLOCK_MODE() public pure override returns (string memory) {
        return "mode=timestamp";
    }

    /// @inheritdoc ERC20Permit
    function nonces(address owner) public view override(ERC20Permit, Nonces) returns (uint256) {
        return super.nonces(owner);
    }

    function _update(address from, address to, uint256 value) internal override(ERC20, ERC20Votes) {
        address vault = stakingVault;
        if (vault != address(0) && (from == vault || to == vault)) revert VaultTransferNotAllowed();
        super._update(from, to, value);
    }

    function _getVotingUnits(address account) internal view override returns (uint256) {
        return balanceOf(account) + stakedBalanceOf[account];
    }

    function _onlyVault() private view returns (address vault) {
        vault = stakingVault;
        if (msg.sender != vault || vault == address(0)) revert NotStakingVault(msg.sender);
    }
}
