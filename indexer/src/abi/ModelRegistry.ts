import * as p from '@subsquid/evm-codec'
import { event, fun, viewFun, indexed, ContractBase } from '@subsquid/evm-abi'
import type { EventParams as EParams, FunctionArguments, FunctionReturn } from '@subsquid/evm-abi'

export const events = {
    ModelRegistered: event("0xc0bb3838ad72991f913b1a5c821da885948755a4ee450ec034e7a256e09aca5a", "ModelRegistered(bytes32,address)", {"modelId": indexed(p.bytes32), "creator": indexed(p.address)}),
}

export class Contract extends ContractBase {
}

/// Event types
export type ModelRegisteredEventArgs = EParams<typeof events.ModelRegistered>
