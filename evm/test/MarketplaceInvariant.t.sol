// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";
import {StunBase} from "./StunBase.sol";
import {ComputeMarketplace} from "../contracts/marketplace/ComputeMarketplace.sol";
import {ProviderRegistry} from "../contracts/registry/ProviderRegistry.sol";
import {MockResultVerifier} from "../contracts/test/MockResultVerifier.sol";
import {TestUSDC} from "../contracts/test/TestUSDC.sol";
import {Requirements, Privacy} from "../contracts/common/StunTypes.sol";
import {Assignment, Task, TaskRequest, TaskStatus} from "../contracts/marketplace/TaskTypes.sol";

/// @dev Drives the marketplace through random valid-ish actions; failed calls are swallowed (try/catch).
contract MarketHandler is Test {
    ComputeMarketplace internal market;
    ProviderRegistry internal registry;
    MockResultVerifier internal verifier;
    TestUSDC internal usdc;
    address internal matcher;
    address internal auditor;
    address[] internal provs;
    uint256[] public taskIds;
    mapping(uint256 => uint256) public finalizations;
    uint256 public doubleTerminal;
    uint256 public coverBreaches;

    constructor(
        ComputeMarketplace m,
        ProviderRegistry r,
        MockResultVerifier v,
        TestUSDC u,
        address matcher_,
        address auditor_,
        address[] memory ps
    ) {
        (market, registry, verifier, usdc, matcher, auditor, provs) = (m, r, v, u, matcher_, auditor_, ps);
        usdc.approve(address(market), type(uint256).max);
    }

    receive() external payable {}

    function taskCount() external view returns (uint256) {
        return taskIds.length;
    }

    function submit(uint256 reward, uint8 r, bool useUsdc) external {
        reward = bound(reward, 1, 1e24);
        r = uint8(bound(r, 1, 3));
        Requirements memory none = Requirements(0, 0, 0, 0, Privacy.None, bytes4(0));
        TaskRequest memory req = TaskRequest(keccak256("in"), bytes32(0), useUsdc ? address(usdc) : address(0), reward,
            block.timestamp + 2 hours, r, none);
        if (useUsdc) usdc.mint(address(this), reward);
        else vm.deal(address(this), address(this).balance + reward);
        uint256 id = market.submitTaskWith{value: useUsdc ? 0 : reward}(req);
        taskIds.push(id);
    }

    function assign(uint256 seed, uint256 offset) external {
        uint256 id = _pick(seed);
        if (id == 0) return;
        Task memory t = market.getTask(id);
        address[] memory ps = new address[](t.redundancy);
        for (uint256 i; i < t.redundancy; ++i) ps[i] = provs[(offset + i) % provs.length];
        vm.prank(matcher);
        try market.assignProviders(id, ps) {} catch {}
    }

    function result(uint256 seed, uint256 who, uint256 which) external {
        uint256 id = _pick(seed);
        if (id == 0) return;
        address p = provs[who % provs.length];
        bytes32 h = bytes32(uint256(which % 3 == 0 ? 2 : 1)); // mostly agree
        bytes memory proof = abi.encodePacked(verifier.expectedProof(id, h, p));
        vm.prank(p);
        try market.submitResult(id, h, proof) {} catch {}
    }

    function warp(uint256 s) external {
        vm.warp(block.timestamp + bound(s, 1, 2 days));
    }

    function finalize(uint256 seed) external {
        uint256 id = _pick(seed);
        if (id == 0) return;
        try market.finalizeTask(id) {
            _terminal(id);
        } catch {}
    }

    function expire(uint256 seed) external {
        uint256 id = _pick(seed);
        if (id == 0) return;
        try market.expireTask(id) {} catch {}
    }

    function cancel(uint256 seed) external {
        uint256 id = _pick(seed);
        if (id == 0) return;
        try market.cancelTask(id) {} catch {}
    }

    function dispute(uint256 seed) external {
        uint256 id = _pick(seed);
        if (id == 0) return;
        Task memory t = market.getTask(id);
        uint256 bond = market.disputeBondFor(id);
        if (t.token == address(0)) vm.deal(address(this), address(this).balance + bond);
        else usdc.mint(address(this), bond);
        try market.disputeTask{value: t.token == address(0) ? bond : 0}(id) {} catch {}
    }

    function resolve(uint256 seed, bool honest, bool isAudit) external {
        uint256 id = _pick(seed);
        if (id == 0) return;
        vm.prank(auditor);
        if (isAudit) {
            try market.resolveAudit(id, honest) {} catch {}
        } else {
            try market.resolveDispute(id, honest) {
                if (honest) _terminal(id);
            } catch {}
        }
    }

    function stale(uint256 seed) external {
        uint256 id = _pick(seed);
        if (id == 0) return;
        try market.resolveStale(id) {} catch {}
    }

    function setAudit(uint256 rate) external {
        try market.setParameter("auditRateBps", bound(rate, 0, 10_000)) {} catch {}
    }

    function withdraw(uint256 who, bool useUsdc) external {
        address a = who % 2 == 0 ? address(this) : provs[who % provs.length];
        vm.prank(a);
        try market.withdraw(useUsdc ? address(usdc) : address(0)) {} catch {}
    }

    function unstake(uint256 who, uint256 amount) external {
        address p = provs[who % provs.length];
        vm.startPrank(p);
        try registry.requestUnstake(bound(amount, 1, 100 ether)) {} catch {}
        try registry.withdrawUnstaked() {
            _checkCover(p);
        } catch {}
        vm.stopPrank();
    }

    /// Governance moves the lifetime parameters and the unbonding period (each setter enforces the cross bound).
    function setLifetime(uint256 which, uint256 v) external {
        which %= 4;
        if (which == 0) try market.setParameter("challengePeriod", bound(v, 60, 30 days)) {} catch {}
        else if (which == 1) try market.setParameter("auditTimeout", bound(v, 1 hours, 30 days)) {} catch {}
        else if (which == 2) try market.setParameter("maxTaskDuration", bound(v, 2 hours, 30 days)) {} catch {}
        else try registry.setParameter("unbondingPeriod", bound(v, 1 hours, 90 days)) {} catch {}
    }

    /// A withdrawal of stake that was active when an open task assigned `p` (unbonding requested after the
    /// assignment) before that task's maximum lifetime has passed would escape its slashing.
    function _checkCover(address p) private {
        uint256 requested = block.timestamp; // withdraw succeeded: unlockAt <= now; the request was unbondingPeriod earlier at most
        requested -= registry.unbondingPeriod() < requested ? registry.unbondingPeriod() : requested;
        for (uint256 i; i < taskIds.length; ++i) {
            Task memory t = market.getTask(taskIds[i]);
            if (t.status != TaskStatus.Assigned && t.status != TaskStatus.Audited && t.status != TaskStatus.Challengeable
                && t.status != TaskStatus.Disputed) continue;
            if (block.timestamp > uint256(t.assignedAt) + market.maxTaskLifetime()) continue;
            (Assignment[3] memory a,) = market.getAssignments(taskIds[i]);
            for (uint256 j; j < 3; ++j) {
                if (a[j].provider == p && t.assignedAt <= requested) ++coverBreaches;
            }
        }
    }

    function _terminal(uint256 id) private {
        if (++finalizations[id] > 1) ++doubleTerminal;
    }

    function _pick(uint256 seed) private view returns (uint256) {
        if (taskIds.length == 0) return 0;
        return taskIds[seed % taskIds.length];
    }
}

contract MarketplaceInvariantTest is StunBase {
    MarketHandler internal handler;
    address internal constant TREAS = address(0x7EA5);

    function setUp() public {
        _deploy(4);
        handler = new MarketHandler(market, registry, verifier, usdc, matcher, auditor, provs);
        market.grantRole(market.GOVERNANCE_ROLE(), address(handler));
        registry.grantRole(registry.GOVERNANCE_ROLE(), address(handler));
        targetContract(address(handler));
    }

    function _open(Task memory t) private pure returns (bool) {
        TaskStatus s = t.status;
        return s == TaskStatus.Submitted || s == TaskStatus.Assigned || s == TaskStatus.Audited
            || s == TaskStatus.Challengeable || s == TaskStatus.Disputed;
    }

    function _accounts() private view returns (address[] memory a) {
        a = new address[](provs.length + 2);
        a[0] = address(handler);
        a[1] = TREAS;
        for (uint256 i; i < provs.length; ++i) a[i + 2] = provs[i];
    }

    function _expected(address token) private view returns (uint256 sum) {
        uint256 n = handler.taskCount();
        for (uint256 i; i < n; ++i) {
            Task memory t = market.getTask(handler.taskIds(i));
            if (t.token == token && _open(t)) sum += uint256(t.reward) + t.bond;
        }
        address[] memory a = _accounts();
        for (uint256 i; i < a.length; ++i) sum += market.credits(a[i], token);
    }

    /// Escrow conservation (ETH): balance == open escrow + bonds + pending withdrawals.
    function invariant_ethConservation() public view {
        assertEq(address(market).balance, _expected(address(0)));
    }

    /// Escrow conservation (USDC).
    function invariant_usdcConservation() public view {
        assertEq(usdc.balanceOf(address(market)), _expected(address(usdc)));
    }

    /// Stake conservation: the vault holds exactly the stake ledger; no slash ever exceeds the stake.
    function invariant_stakeConservation() public view {
        uint256 sum;
        for (uint256 i; i < provs.length; ++i) {
            uint256 s = registry.totalStakeOf(provs[i]);
            assertLe(s, STAKE);
            assertEq(stun.stakedBalanceOf(provs[i]), s);
            sum += s;
        }
        assertEq(stun.balanceOf(address(registry)), sum);
        assertEq(sum + stun.balanceOf(TREAS) + stun.balanceOf(address(handler)) + _providerWallets(), provs.length * 10_000 ether);
    }

    /// The cross bound holds whatever governance does: an assigned task can never outlive the unbonding period.
    function invariant_unbondingExceedsLifetime() public view {
        assertLt(market.maxTaskLifetime(), registry.unbondingPeriod());
    }

    /// No provider withdrew stake that an open task, within its lifetime, could still slash.
    function invariant_stakeCoversOpenTasks() public view {
        assertEq(handler.coverBreaches(), 0);
    }

    /// No task is paid twice.
    function invariant_noDoublePayout() public view {
        assertEq(handler.doubleTerminal(), 0);
    }

    /// The handler's actions really drive tasks to terminal states (so the invariants are not vacuous).
    function test_handlerReachesTerminalStates() public {
        handler.submit(1 ether, 3, false);
        handler.assign(0, 0);
        handler.result(0, 0, 1);
        handler.result(0, 1, 1);
        handler.result(0, 2, 3); // dissenting result
        handler.warp(2 days);
        handler.finalize(0);
        assertEq(uint8(market.getTask(1).status), uint8(TaskStatus.Finalized));
        assertLt(registry.totalStakeOf(provs[2]), STAKE); // minority slashed
        handler.submit(5e6, 1, true);
        handler.assign(1, 3);
        handler.result(1, 3, 1);
        handler.dispute(1);
        vm.prank(auditor);
        market.resolveDispute(2, false);
        assertEq(uint8(market.getTask(2).status), uint8(TaskStatus.Refunded));
        handler.withdraw(0, true);
        handler.withdraw(0, false);
        invariant_ethConservation();
        invariant_usdcConservation();
        invariant_stakeConservation();
        invariant_unbondingExceedsLifetime();
        invariant_stakeCoversOpenTasks();
    }

    function _providerWallets() private view returns (uint256 s) {
        for (uint256 i; i < provs.length; ++i) s += stun.balanceOf(provs[i]);
    }
}
