import * as p from '@subsquid/evm-codec'
import { event, fun, viewFun, indexed, ContractBase } from '@subsquid/evm-abi'
import type { EventParams as EParams, FunctionArguments, FunctionReturn } from '@subsquid/evm-abi'

export const events = {
    ParameterChanged: event("0xce249fa99ad401266b8ad33f2f542b9a99ff1fda278b1588f7090f55c627e73a", "ParameterChanged(bytes32,uint256,uint256)", {"name": indexed(p.bytes32), "oldValue": p.uint256, "newValue": p.uint256}),
    ProviderRegistered: event("0x755f171879512e9a0fc8e78e70f99b6977b1450b5acb8b60f2802cb0fa09f7c4", "ProviderRegistered(address,(bytes32,uint16,uint16,uint8,bytes4,uint80,uint8,bytes32))", {"provider": indexed(p.address), "specs": p.struct({"gpuModel": p.bytes32, "vramGiB": p.uint16, "computeCapability": p.uint16, "gpuCount": p.uint8, "region": p.bytes4, "pricePerUnit": p.uint80, "tee": p.uint8, "attestationHash": p.bytes32})}),
    ProviderUpdated: event("0x0f339fc88226e60a69f315e824a8563164eda01d38641253a4824f6656430233", "ProviderUpdated(address,(bytes32,uint16,uint16,uint8,bytes4,uint80,uint8,bytes32),bool)", {"provider": indexed(p.address), "specs": p.struct({"gpuModel": p.bytes32, "vramGiB": p.uint16, "computeCapability": p.uint16, "gpuCount": p.uint8, "region": p.bytes4, "pricePerUnit": p.uint80, "tee": p.uint8, "attestationHash": p.bytes32}), "active": p.bool}),
    RoleAdminChanged: event("0xbd79b86ffe0ab8e8776151514217cd7cacd52c909f66475c3af44e129f0b00ff", "RoleAdminChanged(bytes32,bytes32,bytes32)", {"role": indexed(p.bytes32), "previousAdminRole": indexed(p.bytes32), "newAdminRole": indexed(p.bytes32)}),
    RoleGranted: event("0x2f8788117e7eff1d82e926ec794901d17c78024a50270940304540a733656f0d", "RoleGranted(bytes32,address,address)", {"role": indexed(p.bytes32), "account": indexed(p.address), "sender": indexed(p.address)}),
    RoleRevoked: event("0xf6391f5c32d9c69d2a47ea670b442974b53935d1edc7fd64eb21e047a839171b", "RoleRevoked(bytes32,address,address)", {"role": indexed(p.bytes32), "account": indexed(p.address), "sender": indexed(p.address)}),
    Slashed: event("0xde5f0f186a0d01f8585d654adbc7f3317570472533c90834e1b86d3220f6296f", "Slashed(address,uint256,uint8)", {"provider": indexed(p.address), "amount": p.uint256, "reason": p.uint8}),
    Staked: event("0x9e71bc8eea02a63969f509818f2dafb9254532904319f9dbda79b67bd34a5f3d", "Staked(address,uint256)", {"provider": indexed(p.address), "amount": p.uint256}),
    UnstakeRequested: event("0x57e41df54512c76148b5ba9b643d149752b0d35e493b969bd017d0a3fe5228cf", "UnstakeRequested(address,uint256,uint256)", {"provider": indexed(p.address), "amount": p.uint256, "unlockAt": p.uint256}),
    Unstaked: event("0x0f5bb82176feb1b5e747e28471aa92156a04d9f3ab9f45f28e2d704232b93f75", "Unstaked(address,uint256)", {"provider": indexed(p.address), "amount": p.uint256}),
}

export class Contract extends ContractBase {
}

/// Event types
export type ParameterChangedEventArgs = EParams<typeof events.ParameterChanged>
export type ProviderRegisteredEventArgs = EParams<typeof events.ProviderRegistered>
export type ProviderUpdatedEventArgs = EParams<typeof events.ProviderUpdated>
export type RoleAdminChangedEventArgs = EParams<typeof events.RoleAdminChanged>
export type RoleGrantedEventArgs = EParams<typeof events.RoleGranted>
export type RoleRevokedEventArgs = EParams<typeof events.RoleRevoked>
export type SlashedEventArgs = EParams<typeof events.Slashed>
export type StakedEventArgs = EParams<typeof events.Staked>
export type UnstakeRequestedEventArgs = EParams<typeof events.UnstakeRequested>
export type UnstakedEventArgs = EParams<typeof events.Unstaked>
