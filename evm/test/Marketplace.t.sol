// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {StunBase} from "./StunBase.sol";
import {ProviderRegistry} from "../contracts/registry/ProviderRegistry.sol";
import {Consensus} from "../contracts/marketplace/Consensus.sol";
import {Governed} from "../contracts/common/Governed.sol";
import {IMarketplaceEvents} from "../contracts/marketplace/IMarketplaceEvents.sol";
import {RequirementsCodec, Task, TaskStatus} from "../contracts/marketplace/TaskTypes.sol";
import {AssignmentWord} from "../contracts/marketplace/AssignmentWord.sol";
import {AssignmentState} from "../contracts/marketplace/TaskTypes.sol";
import {Privacy, Requirements} from "../contracts/common/StunTypes.sol";
import {SlashReason} from "../contracts/common/StunTypes.sol";

contract MarketplaceFuzzTest is StunBase {
    function setUp() public {
        _deploy(3);
    }

    /// The split always sums to the payment, for any reward, shares and number of agreeing providers.
    function testFuzz_splitSumsToReward(uint128 reward, uint256 providerBps, uint256 creatorBps, uint256 k, bool hasCreator)
        public
        pure
    {
        providerBps = bound(providerBps, 5000, 9500);
        creatorBps = bound(creatorBps, 0, 10_000 - providerBps > 2000 ? 2000 : 10_000 - providerBps);
        k = bound(k, 1, 3);
        (uint256 each, uint256 t, uint256 c) = Consensus.split(reward, providerBps, creatorBps, k, hasCreator);
        assertEq(each * k + t + c, reward);
        assertLe(each * k, (uint256(reward) * providerBps) / 10_000);
        if (!hasCreator) assertEq(c, 0);
    }

    /// An r=1 ETH task of any reward: escrow in, credits out, nothing lost.
    function testFuzz_r1LifecycleConservesEth(uint256 reward, bytes32 h) public {
        reward = bound(reward, 1, type(uint96).max);
        h = bytes32(bound(uint256(h), 0, market.SNARK_SCALAR_FIELD() - 1));
        vm.deal(address(this), reward);
        uint256 id = market.submitTask{value: reward}(keccak256("in"), reward, block.timestamp + 1 hours);
        address[] memory ps = new address[](1);
        ps[0] = provs[0];
        vm.prank(matcher);
        market.assignProviders(id, ps);
        bytes memory proof = _proof(id, h, provs[0]);
        vm.prank(provs[0]);
        market.submitResult(id, h, proof);
        vm.warp(block.timestamp + 1 days);
        market.finalizeTask(id);
        uint256 sum = market.credits(provs[0], address(0)) + market.credits(TREASURY, address(0));
        assertEq(sum, reward);
        assertEq(address(market).balance, reward);
    }

    /// Result hashes at or above the BN254 field are refused with the named error.
    function testFuzz_resultHashOutsideFieldRejected(uint256 h) public {
        h = bound(h, market.SNARK_SCALAR_FIELD(), type(uint256).max);
        vm.deal(address(this), 1 ether);
        uint256 id = market.submitTask{value: 1 ether}(keccak256("in"), 1 ether, block.timestamp + 1 hours);
        address[] memory ps = new address[](1);
        ps[0] = provs[0];
        vm.prank(matcher);
        market.assignProviders(id, ps);
        bytes memory proof = _proof(id, bytes32(h), provs[0]);
        vm.prank(provs[0]);
        vm.expectRevert(abi.encodeWithSelector(IMarketplaceEvents.ResultHashOutOfField.selector, bytes32(h)));
        market.submitResult(id, bytes32(h), proof);
    }

    /// A proof bound to another provider is refused.
    function testFuzz_copiedProofRejected(bytes32 h) public {
        h = bytes32(bound(uint256(h), 0, market.SNARK_SCALAR_FIELD() - 1));
        vm.deal(address(this), 1 ether);
        uint256 id = market.submitTask{value: 1 ether}(keccak256("in"), 1 ether, block.timestamp + 1 hours);
        address[] memory ps = new address[](1);
        ps[0] = provs[0];
        vm.prank(matcher);
        market.assignProviders(id, ps);
        bytes memory stolen = _proof(id, h, provs[1]);
        vm.prank(provs[0]);
        vm.expectRevert(IMarketplaceEvents.InvalidProof.selector);
        market.submitResult(id, h, stolen);
    }

    /// Any in-bounds value is accepted and any out-of-bounds one refused, per parameter; the task-lifetime
    /// parameters are further capped so that maxTaskLifetime stays below the registry's unbondingPeriod.
    function testFuzz_parameterBounds(uint256 v) public {
        registry.setParameter("unbondingPeriod", 90 days);
        bytes32[9] memory names = [
            bytes32("slashBpsWrongResult"), "slashBpsNoShow", "auditRateBps", "disputeBondBps",
            "challengePeriod", "acceptWindow", "maxRedundancy", "auditTimeout", "maxTaskDuration"
        ];
        uint256[9] memory lo = [uint256(100), 10, 0, 100, 60, 60, 1, 1 hours, 1 hours];
        uint256[9] memory hi = [uint256(10_000), 5000, 10_000, 10_000, 30 days, 1 days, 3, 30 days, 30 days];
        for (uint256 i; i < 9; ++i) {
            uint256 max = hi[i];
            if (i == 4 || i == 7 || i == 8) {
                uint256 life = market.maxTaskLifetime();
                uint256 cur = i == 4 ? market.params().challengePeriod
                    : i == 7 ? 2 * uint256(market.auditTimeout()) : market.params().maxTaskDuration;
                uint256 cap = (90 days - 1 - (life - cur)) / (i == 7 ? 2 : 1);
                if (cap < max) max = cap;
            }
            if (v < lo[i] || v > max) {
                vm.expectRevert(abi.encodeWithSelector(Governed.ParameterOutOfBounds.selector, names[i], v, lo[i], max));
            }
            market.setParameter(names[i], v);
            assertLt(market.maxTaskLifetime(), registry.unbondingPeriod());
        }
    }

    /// The registry refuses an unbondingPeriod that a task assigned now could outlive, and binding a marketplace
    /// whose lifetime already exceeds it.
    function testFuzz_unbondingAboveLifetime(uint256 v) public {
        v = bound(v, 1 hours, 90 days);
        uint256 life = market.maxTaskLifetime();
        assertEq(registry.minUnbondingPeriod(), life + 1);
        if (v <= life) {
            vm.expectRevert(
                abi.encodeWithSelector(Governed.ParameterOutOfBounds.selector, bytes32("unbondingPeriod"), v, life + 1, 90 days)
            );
        }
        registry.setParameter("unbondingPeriod", v);
        assertLt(market.maxTaskLifetime(), registry.unbondingPeriod());
    }

    /// Fee split must sum to 10000 with each share in bounds.
    function testFuzz_feeSplit(uint256 p, uint256 t, uint256 c) public {
        p = bound(p, 0, 20_000);
        t = bound(t, 0, 20_000);
        c = bound(c, 0, 20_000);
        bool ok = p >= 5000 && p <= 9500 && t <= 5000 && c <= 2000 && p + t + c == 10_000;
        if (!ok) vm.expectPartialRevert(Governed.ParameterOutOfBounds.selector);
        market.setFeeSplit(p, t, c);
    }

    /// Slashing takes bps of (stake + unbonding) and never more than the stake.
    function testFuzz_slashNeverExceedsStake(uint256 unbond, uint256 bps1, uint256 bps2) public {
        unbond = bound(unbond, 0, STAKE);
        bps1 = bound(bps1, 0, 10_000);
        bps2 = bound(bps2, 0, 10_000);
        address p = provs[0];
        if (unbond != 0) {
            vm.prank(p);
            registry.requestUnstake(unbond);
        }
        registry.grantRole(registry.SLASHER_ROLE(), address(this));
        uint256 a1 = registry.slash(p, bps1, address(0xC0), SlashReason.WrongResult);
        uint256 a2 = registry.slash(p, bps2, address(0), SlashReason.NoShow);
        assertLe(a1 + a2, STAKE);
        assertEq(registry.totalStakeOf(p) + a1 + a2, STAKE);
        assertEq(stun.balanceOf(address(registry)), registry.totalStakeOf(provs[0]) + 2 * STAKE);
        assertEq(stun.stakedBalanceOf(p), registry.totalStakeOf(p));
    }

    /// Staking any amount leaves voting power unchanged.
    function testFuzz_stakeKeepsVotes(uint256 amount) public {
        address p = provs[1];
        amount = bound(amount, 1, stun.balanceOf(p));
        vm.startPrank(p);
        stun.delegate(p);
        uint256 before = stun.getVotes(p);
        registry.stake(amount);
        assertEq(stun.getVotes(p), before);
        registry.requestUnstake(amount);
        vm.warp(block.timestamp + registry.unbondingPeriod());
        registry.withdrawUnstaked();
        assertEq(stun.getVotes(p), before);
        vm.stopPrank();
    }

    /// Requirements survive the one-word packing.
    function testFuzz_requirementsCodecRoundTrip(uint96 maxPrice, uint16 mem, uint16 cc, uint8 n, uint8 priv, bytes4 region)
        public
        pure
    {
        Requirements memory r = Requirements(maxPrice, mem, cc, n, Privacy(bound(priv, 0, 3)), region);
        Requirements memory d = RequirementsCodec.decode(RequirementsCodec.encode(r));
        assertEq(d.maxPrice, r.maxPrice);
        assertEq(d.gpuMemory, r.gpuMemory);
        assertEq(d.computeCapability, r.computeCapability);
        assertEq(d.gpuCount, r.gpuCount);
        assertEq(uint8(d.privacy), uint8(r.privacy));
        assertEq(d.region, r.region);
    }

    /// Assignment lanes do not interfere, nor with the requirements tag.
    function testFuzz_assignmentWordLanes(uint256 w, uint8 lane, uint24 idx, uint8 st, uint8 res, uint32 lat) public pure {
        lane = uint8(bound(lane, 0, 2));
        res = uint8(bound(res, 0, 3));
        AssignmentState s = AssignmentState(bound(st, 0, 2));
        uint256 w2 = AssignmentWord.set(w, lane, idx, s, res, lat);
        assertEq(AssignmentWord.index(w2, lane), idx);
        assertEq(uint8(AssignmentWord.state(w2, lane)), uint8(s));
        assertEq(AssignmentWord.resultIdx(w2, lane), res);
        assertEq(AssignmentWord.latency(w2, lane), lat);
        assertEq(w2 >> AssignmentWord.TAG_SHIFT, w >> AssignmentWord.TAG_SHIFT);
        for (uint256 i; i < 3; ++i) {
            if (i == lane) continue;
            assertEq(AssignmentWord.index(w2, i), AssignmentWord.index(w, i));
            assertEq(AssignmentWord.latency(w2, i), AssignmentWord.latency(w, i));
        }
    }

    /// pack keeps the three indices and the tag; tagMatches tells tags apart.
    function testFuzz_assignmentWordPack(uint24 a, uint24 b, uint24 c, bytes32 h, bytes32 other) public pure {
        uint256 w = AssignmentWord.pack(uint256(a) | (uint256(b) << 32) | (uint256(c) << 64), h);
        assertEq(AssignmentWord.indices(w), uint256(a) | (uint256(b) << 32) | (uint256(c) << 64));
        assertTrue(AssignmentWord.tagMatches(w, h));
        assertEq(AssignmentWord.tagMatches(w, other), uint256(other) >> 180 == uint256(h) >> 180);
        for (uint256 i; i < 3; ++i) {
            assertEq(uint8(AssignmentWord.state(w, i)), 0);
            assertEq(AssignmentWord.latency(w, i), 0);
        }
    }

    /// No unstake lock: an assigned provider may start unbonding at once, but cannot withdraw before the task's
    /// lifetime is over, and a slash of the task still reaches the whole stake it had at assignment.
    function testFuzz_slashReachesUnbondingOfAssigned(uint256 amount, uint256 wait) public {
        amount = bound(amount, 1, STAKE);
        address p = provs[0];
        vm.deal(address(this), 1 ether);
        uint256 id = market.submitTask{value: 1 ether}(keccak256("in"), 1 ether, block.timestamp + 1 hours);
        address[] memory ps = new address[](1);
        ps[0] = p;
        vm.prank(matcher);
        market.assignProviders(id, ps);
        uint256 assignedAt = block.timestamp;
        vm.prank(p);
        registry.requestUnstake(amount);
        wait = bound(wait, 2 hours, market.maxTaskLifetime());
        vm.warp(assignedAt + wait);
        (,,, uint256 unlockAt,,,) = registry.getProvider(p);
        vm.expectRevert(abi.encodeWithSelector(ProviderRegistry.StillUnbonding.selector, unlockAt));
        vm.prank(p);
        registry.withdrawUnstaked();
        market.expireTask(id); // no-show, past the deadline
        uint256 noShowBps = market.params().slashBpsNoShow;
        assertEq(registry.totalStakeOf(p), STAKE - (STAKE * noShowBps) / 10_000);
        assertEq(stun.balanceOf(TREASURY), (STAKE * noShowBps) / 10_000);
    }

    function test_statusAfterR3Majority() public {
        vm.deal(address(this), 1 ether);
        uint256 id = market.submitTask{value: 1 ether}(keccak256("in"), 1 ether, block.timestamp + 1 hours);
        Task memory t = market.getTask(id);
        assertEq(uint8(t.status), uint8(TaskStatus.Submitted));
    }
}
