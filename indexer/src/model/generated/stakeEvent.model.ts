import {PrimaryColumn as PrimaryColumn_} from "typeorm"
import {Entity as Entity_, Column as Column_, IntColumn as IntColumn_, Index as Index_, ManyToOne as ManyToOne_, BigIntColumn as BigIntColumn_, DateTimeColumn as DateTimeColumn_, StringColumn as StringColumn_} from "@subsquid/typeorm-store"
import {Provider} from "./provider.model.js"
import {StakeEventKind} from "./_stakeEventKind.js"

@Entity_()
export class StakeEvent {
    constructor(props?: Partial<StakeEvent>) {
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

    @Index_()
    @Column_("varchar", {length: 17, nullable: false})
    kind!: StakeEventKind

    @BigIntColumn_({nullable: false})
    amount!: bigint

    @BigIntColumn_({nullable: true})
    unlockAt!: bigint | undefined | null

    @Index_()
    @IntColumn_({nullable: false})
    blockNumber!: number

    @DateTimeColumn_({nullable: false})
    timestamp!: Date

    @StringColumn_({nullable: false})
    txHash!: string
}
