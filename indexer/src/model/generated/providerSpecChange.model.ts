import {PrimaryColumn as PrimaryColumn_} from "typeorm"
import {Entity as Entity_, Column as Column_, IntColumn as IntColumn_, Index as Index_, ManyToOne as ManyToOne_, BooleanColumn as BooleanColumn_, StringColumn as StringColumn_, BigIntColumn as BigIntColumn_, DateTimeColumn as DateTimeColumn_} from "@subsquid/typeorm-store"
import {Provider} from "./provider.model.js"

/**
 * ProviderRegistered / ProviderUpdated, in order.
 */
@Entity_()
export class ProviderSpecChange {
    constructor(props?: Partial<ProviderSpecChange>) {
        Object.assign(this, props)
    }

    @PrimaryColumn_("varchar")
    id!: string

    @Index_()
    @IntColumn_({nullable: false})
    chainId!: number

    @Index_()
    @ManyToOne_(() => Provider, {nullable: true})
    provider!: Provider

    @BooleanColumn_({nullable: false})
    active!: boolean

    @StringColumn_({nullable: false})
    gpuModel!: string

    @IntColumn_({nullable: false})
    vramGiB!: number

    @IntColumn_({nullable: false})
    computeCapability!: number

    @IntColumn_({nullable: false})
    gpuCount!: number

    @StringColumn_({nullable: false})
    region!: string

    @BigIntColumn_({nullable: false})
    pricePerUnit!: bigint

    @IntColumn_({nullable: false})
    tee!: number

    @Index_()
    @IntColumn_({nullable: false})
    blockNumber!: number

    @DateTimeColumn_({nullable: false})
    timestamp!: Date
}
