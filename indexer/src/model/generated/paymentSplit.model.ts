import {PrimaryColumn as PrimaryColumn_} from "typeorm"
import {Entity as Entity_, Column as Column_, IntColumn as IntColumn_, Index as Index_, ManyToOne as ManyToOne_, StringColumn as StringColumn_, BigIntColumn as BigIntColumn_, DateTimeColumn as DateTimeColumn_} from "@subsquid/typeorm-store"
import {Task} from "./task.model.js"

/**
 * PaymentSplit: how a finalized task's reward was split.
 */
@Entity_()
export class PaymentSplit {
    constructor(props?: Partial<PaymentSplit>) {
        Object.assign(this, props)
    }

    @PrimaryColumn_("varchar")
    id!: string

    @Index_()
    @IntColumn_({nullable: false})
    chainId!: number

    @Index_()
    @ManyToOne_(() => Task, {nullable: true})
    task!: Task

    @StringColumn_({nullable: false})
    token!: string

    @BigIntColumn_({nullable: false})
    providerEach!: bigint

    @IntColumn_({nullable: false})
    providerCount!: number

    @BigIntColumn_({nullable: false})
    treasury!: bigint

    @BigIntColumn_({nullable: false})
    creator!: bigint

    @Index_()
    @IntColumn_({nullable: false})
    blockNumber!: number

    @DateTimeColumn_({nullable: false})
    timestamp!: Date
}
