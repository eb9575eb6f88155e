import * as p from '@subsquid/evm-codec'
import { event, fun, viewFun, indexed, ContractBase } from '@subsquid/evm-abi'
import type { EventParams as EParams, FunctionArguments, FunctionReturn } from '@subsquid/evm-abi'

export const events = {
    AuditRequested: event("0xc1f0436b2dc5e7138cd33ff293bcb1fe10e6b2f6362418d45200cd0f889cdd02", "AuditRequested(uint256)", {"taskId": indexed(p.uint256)}),
    AuditResolved: event("0xc3550da657a025c24dc2bae570e6ff642989ba183545b500e4b74e1559064fd8", "AuditResolved(uint256,bool)", {"taskId": indexed(p.uint256), "honest": p.bool}),
    ParameterChanged: event("0xce249fa99ad401266b8ad33f2f542b9a99ff1fda278b1588f7090f55c627e73a", "ParameterChanged(bytes32,uint256,uint256)", {"name": indexed(p.bytes32), "oldValue": p.uint256, "newValue": p.uint256}),
    Paused: event("0x62e78cea01bee320cd4e420270b5ea74000d11b0c9f74754ebdbfc544b05a258", "Paused(address)", {"account": p.address}),
    PaymentSplit: event("0x79da93a9c84e9e09ac390d92e02caa88482a3390e7f0d89c08cfba936db4a20f", "PaymentSplit(uint256,uint256,uint256,uint256)", {"taskId": indexed(p.uint256), "provider": p.uint256, "treasury": p.uint256, "creator": p.uint256}),
    Refunded: event("0x7ca5472b7ea78c2c0141c5a12ee6d170cf4ce8ed06be3d22c8252ddfc7a6a2c4", "Refunded(uint256,address,uint256)", {"taskId": indexed(p.uint256), "to": indexed(p.address), "amount": p.uint256}),
    ResultSubmitted: event("0x9bb2295443670abcb0f3088e52668e961eca6816b19f155f2fca528c4b2fe345", "ResultSubmitted(uint256,address,bytes32)", {"taskId": indexed(p.uint256), "provider": indexed(p.address), "resultHash": p.bytes32}),
    RoleAdminChanged: event("0xbd79b86ffe0ab8e8776151514217cd7cacd52c909f66475c3af44e129f0b00ff", "RoleAdminChanged(bytes32,bytes32,bytes32)", {"role": indexed(p.bytes32), "previousAdminRole": indexed(p.bytes32), "newAdminRole": indexed(p.bytes32)}),
    RoleGranted: event("0x2f8788117e7eff1d82e926ec794901d17c78024a50270940304540a733656f0d", "RoleGranted(bytes32,address,address)", {"role": indexed(p.bytes32), "account": indexed(p.address), "sender": indexed(p.address)}),
    RoleRevoked: event("0xf6391f5c32d9c69d2a47ea670b442974b53935d1edc7fd64eb21e047a839171b", "RoleRevoked(bytes32,address,address)", {"role": indexed(p.bytes32), "account": indexed(p.address), "sender": indexed(p.address)}),
    TaskAccepted: event("0xc8717b61398fb9d7cacf49fe1e296b2f10e9711226b532842b6ffd642cb6a2c6", "TaskAccepted(uint256,address)", {"taskId": indexed(p.uint256), "provider": indexed(p.address)}),
    TaskAssigned: event("0x3c59a102cf6d737300282d7866839566ff86dbe39c9ce44f47566fd8d1b5b940", "TaskAssigned(uint256,address[])", {"taskId": indexed(p.uint256), "providers": p.array(p.address)}),
    TaskCancelled: event("0xc6eacc3aa5b2aa77b5a826b832a804ca0b71830ec74f9aa57a15edd978c31ed6", "TaskCancelled(uint256)", {"taskId": indexed(p.uint256)}),
    TaskCompleted: event("0xe83fa448b7cc3db5d6f3eb8e5cd6feea06b9eae1ac883596ee5c39929f0c8faf", "TaskCompleted(uint256,address,bytes32)", {"taskId": indexed(p.uint256), "provider": indexed(p.address), "resultHash": p.bytes32}),
    TaskDetails: event("0x538f84d8974b6b77136125d2c7d8167b8ca60607616cd6d3f1ccf2c6616bc996", "TaskDetails(uint256,bytes32,bytes32,address,uint256,uint8,(uint96,uint16,uint16,uint8,uint8,bytes4))", {"taskId": indexed(p.uint256), "taskHash": p.bytes32, "modelId": p.bytes32, "token": p.address, "deadline": p.uint256, "redundancy": p.uint8, "requirements": p.struct({"maxPrice": p.uint96, "gpuMemory": p.uint16, "computeCapability": p.uint16, "gpuCount": p.uint8, "privacy": p.uint8, "region": p.bytes4})}),
    TaskDisputed: event("0xfec3bd8bdf3a851f39801e04a76953c6c900c5437c752669ec5f0108bdbdd516", "TaskDisputed(uint256,address,uint256)", {"taskId": indexed(p.uint256), "by": indexed(p.address), "bond": p.uint256}),
    TaskExpired: event("0x7c2ecd5e2b7188ac57f3a370681639cb447c9cbfbbbace0c070adea6c73eaa54", "TaskExpired(uint256)", {"taskId": indexed(p.uint256)}),
    TaskFinalized: event("0xc40773f63181c220f9ade90c8ecc57330e44f2ba91501608ac4c37cac84f96bd", "TaskFinalized(uint256)", {"taskId": indexed(p.uint256)}),
    TaskSubmitted: event("0xff64f12c10a7f138dd05ccfeb7b571f6a0f5137b0d3d24a85cc75cc352717768", "TaskSubmitted(uint256,address,uint256)", {"taskId": indexed(p.uint256), "requester": indexed(p.address), "reward": p.uint256}),
    TokenAllowed: event("0x9a8e30a8658b96ab3f034ce4bac6806278b4aee5880ccdd1ac35e4ed5bb31d23", "TokenAllowed(address,bool)", {"token": indexed(p.address), "allowed": p.bool}),
    Unpaused: event("0x5db9ee0a495bf2e6ff9c91a7834c1ba4fdd244a5e8aa4e537bd38aeae4b073aa", "Unpaused(address)", {"account": p.address}),
    Withdrawn: event("0xd1c19fbcd4551a5edfb66d43d2e337c04837afda3482b42bdf569a8fccdae5fb", "Withdrawn(address,address,uint256)", {"account": indexed(p.address), "token": indexed(p.address), "amount": p.uint256}),
}

export const functions = {
    expireTask: fun("0x62ecc47a", "expireTask(uint256)", {"taskId": p.uint256}, ),
    getTask: viewFun("0x1d65e77e", "getTask(uint256)", {"taskId": p.uint256}, p.struct({"requester": p.address, "deadline": p.uint32, "assignedAt": p.uint32, "status": p.uint8, "redundancy": p.uint8, "majorityIdx": p.uint8, "resultCounts": p.uint8, "token": p.address, "reward": p.uint96, "bond": p.uint256, "req": p.struct({"maxPrice": p.uint96, "gpuMemory": p.uint16, "computeCapability": p.uint16, "gpuCount": p.uint8, "privacy": p.uint8, "region": p.bytes4}), "modelId": p.bytes32})),
}

export class Contract extends ContractBase {

    getTask(taskId: GetTaskParams["taskId"]) {
        return this.eth_call(functions.getTask, {taskId})
    }
}

/// Event types
export type AuditRequestedEventArgs = EParams<typeof events.AuditRequested>
export type AuditResolvedEventArgs = EParams<typeof events.AuditResolved>
export type ParameterChangedEventArgs = EParams<typeof events.ParameterChanged>
export type PausedEventArgs = EParams<typeof events.Paused>
export type PaymentSplitEventArgs = EParams<typeof events.PaymentSplit>
export type RefundedEventArgs = EParams<typeof events.Refunded>
export type ResultSubmittedEventArgs = EParams<typeof events.ResultSubmitted>
export type RoleAdminChangedEventArgs = EParams<typeof events.RoleAdminChanged>
export type RoleGrantedEventArgs = EParams<typeof events.RoleGranted>
export type RoleRevokedEventArgs = EParams<typeof events.RoleRevoked>
export type TaskAcceptedEventArgs = EParams<typeof events.TaskAccepted>
export type TaskAssignedEventArgs = EParams<typeof events.TaskAssigned>
export type TaskCancelledEventArgs = EParams<typeof events.TaskCancelled>
export type TaskCompletedEventArgs = EParams<typeof events.TaskCompleted>
export type TaskDetailsEventArgs = EParams<typeof events.TaskDetails>
export type TaskDisputedEventArgs = EParams<typeof events.TaskDisputed>
export type TaskExpiredEventArgs = EParams<typeof events.TaskExpired>
export type TaskFinalizedEventArgs = EParams<typeof events.TaskFinalized>
export type TaskSubmittedEventArgs = EParams<typeof events.TaskSubmitted>
export type TokenAllowedEventArgs = EParams<typeof events.TokenAllowed>
export type UnpausedEventArgs = EParams<typeof events.Unpaused>
export type WithdrawnEventArgs = EParams<typeof events.Withdrawn>

/// Function types
export type ExpireTaskParams = FunctionArguments<typeof functions.expireTask>
export type ExpireTaskReturn = FunctionReturn<typeof functions.expireTask>

export type GetTaskParams = FunctionArguments<typeof functions.getTask>
export type GetTaskReturn = FunctionReturn<typeof functions.getTask>

