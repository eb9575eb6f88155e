// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";
import {StunToken} from "../contracts/token/StunToken.sol";
import {ProviderRegistry} from "../contracts/registry/ProviderRegistry.sol";
import {ReputationRegistry} from "../contracts/registry/ReputationRegistry.sol";
import {ModelRegistry} from "../contracts/registry/ModelRegistry.sol";
import {ComputeMarketplace} from "../contracts/marketplace/ComputeMarketplace.sol";
import {MarketplaceExtension} from "../contracts/marketplace/MarketplaceExtension.sol";
import {MockResultVerifier} from "../contracts/test/MockResultVerifier.sol";
import {TestUSDC} from "../contracts/test/TestUSDC.sol";
import {IStakeToken, IReputationHub, IProviderRegistryHub, IModelRegistryHub} from "../contracts/interfaces/IStunHub.sol";
import {ProviderSpecs, TeeType} from "../contracts/common/StunTypes.sol";

/// @dev Deploys the hub in Solidity (the test contract is admin and governance) with `nProviders` staked providers.
abstract contract StunBase is Test {
    uint256 internal constant STAKE = 2_000 ether;
    address internal constant TREASURY = address(0x7EA5);
    address internal matcher = address(0x3A7C);
    address internal auditor = address(0xA0D1);

    StunToken internal stun;
    ProviderRegistry internal registry;
    ReputationRegistry internal reputation;
    ModelRegistry internal models;
    ComputeMarketplace internal market;
    MockResultVerifier internal verifier;
    TestUSDC internal usdc;
    address[] internal provs;

    function _deploy(uint256 nProviders) internal {
        address[] memory to = new address[](nProviders + 1);
        uint256[] memory amts = new uint256[](nProviders + 1);
        to[0] = address(this);
        amts[0] = 1_000_000 ether;
        for (uint256 i; i < nProviders; ++i) {
            address p = address(uint160(0x1000 + i));
            provs.push(p);
            to[i + 1] = p;
            amts[i + 1] = 10_000 ether;
        }
        stun = new StunToken(to, amts);
        reputation = new ReputationRegistry(address(this));
        registry = new ProviderRegistry(IStakeToken(address(stun)), IReputationHub(address(reputation)), TREASURY, address(this));
        stun.bindStakingVault(address(registry));
        models = new ModelRegistry();
        verifier = new MockResultVerifier();
        MarketplaceExtension ext = new MarketplaceExtension(
            address(this), verifier, TREASURY, IProviderRegistryHub(address(registry)),
            IReputationHub(address(reputation)), IModelRegistryHub(address(models)), address(stun)
        );
        market = new ComputeMarketplace(
            address(this), verifier, TREASURY, IProviderRegistryHub(address(registry)),
            IReputationHub(address(reputation)), IModelRegistryHub(address(models)), address(stun), ext
        );
        usdc = new TestUSDC();
        market.setTokenAllowed(address(usdc), true);
        market.setParameter("auditRateBps", 0);
        reputation.grantRole(reputation.REGISTRY_ROLE(), address(registry));
        reputation.grantRole(reputation.MARKETPLACE_ROLE(), address(market));
        registry.grantRole(registry.SLASHER_ROLE(), address(market));
        market.grantRole(market.MATCHER_ROLE(), matcher);
        market.grantRole(market.AUDITOR_ROLE(), auditor);
        registry.setMarketplace(market);
        models.bindMarketplace(market);
        for (uint256 i; i < nProviders; ++i) {
            vm.startPrank(provs[i]);
            stun.approve(address(registry), type(uint256).max);
            registry.register(_specs(), STAKE);
            vm.stopPrank();
        }
    }

    function _specs() internal pure returns (ProviderSpecs memory) {
        return ProviderSpecs({
            gpuModel: bytes32("H100"),
            vramGiB: 80,
            computeCapability: 90,
            gpuCount: 1,
            region: bytes4(0),
            pricePerUnit: 1,
            tee: TeeType.None,
            attestationHash: bytes32(0)
        });
    }

    function _proof(uint256 taskId, bytes32 h, address p) internal view returns (bytes memory) {
        return abi.encodePacked(verifier.expectedProof(taskId, h, p));
    }
}
