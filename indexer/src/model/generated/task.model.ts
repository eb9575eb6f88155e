import {PrimaryColumn as PrimaryColumn_} from "typeorm"
import {Entity as Entity_, Column as Column_, IntColumn as IntColumn_, Index as Index_, BigIntColumn as BigIntColumn_, StringColumn as StringColumn_, DateTimeColumn as DateTimeColumn_, OneToMany as OneToMany_} from "@subsquid/typeorm-store"
import {TaskStatus} from "./_taskStatus.js"
import {TaskEvent} from "./taskEvent.model.js"
import {Assignment} from "./assignment.model.js"
import {Payout} from "./payout.model.js"
import {Refund} from "./refund.model.js"
import {Audit} from "./audit.model.js"
import {Dispute} from "./dispute.model.js"

/**
 * A compute task: current state plus requirements. Its state history is `events`.
 */
@Entity_()
export class Task {
    constructor(props?: Partial<Task>) {
        Object.assign(this, props)
    }

    @PrimaryColumn_("varchar")
    id!: string

    @Index_()
    @IntColumn_({nullable: false})
    chainId!: number

    @Index_()
    @BigIntColumn_({nullable: false})
    taskId!: bigint

    @Index_()
    @StringColumn_({nullable: false})
    requester!: string

    @BigIntColumn_({nullable: false})
    reward!: bigint

    /**
     * payment token, 0x000..0 for ETH
     */
    @Index_()
    @StringColumn_({nullable: false})
    token!: string

    @StringColumn_({nullable: true})
    taskHash!: string | undefined | null

    @StringColumn_({nullable: true})
    modelId!: string | undefined | null

    @BigIntColumn_({nullable: true})
    deadline!: bigint | undefined | null

    @IntColumn_({nullable: false})
    redundancy!: number

    /**
     * requirements (0 = none)
     */
    @BigIntColumn_({nullable: false})
    maxPrice!: bigint

    @Index_()
    @IntColumn_({nullable: false})
    gpuMemory!: number

    @IntColumn_({nullable: false})
    computeCapability!: number

    @IntColumn_({nullable: false})
    gpuCount!: number

    @IntColumn_({nullable: false})
    privacy!: number

    @StringColumn_({nullable: false})
    region!: string

    @Index_()
    @Column_("varchar", {length: 16, nullable: false})
    status!: TaskStatus

    /**
     * assigned providers (addresses)
     */
    @StringColumn_({array: true, nullable: false})
    providers!: (string)[]

    @IntColumn_({nullable: false})
    resultsIn!: number

    /**
     * consensus result (set at finalization)
     */
    @StringColumn_({nullable: true})
    resultHash!: string | undefined | null

    @BigIntColumn_({nullable: true})
    disputeBond!: bigint | undefined | null

    @Index_()
    @IntColumn_({nullable: false})
    createdBlock!: number

    @Index_()
    @DateTimeColumn_({nullable: false})
    createdAt!: Date

    @StringColumn_({nullable: false})
    createdTx!: string

    @IntColumn_({nullable: false})
    updatedBlock!: number

    @DateTimeColumn_({nullable: false})
    updatedAt!: Date

    @OneToMany_(() => TaskEvent, e => e.task)
    events!: TaskEvent[]

    @OneToMany_(() => Assignment, e => e.task)
    assignments!: Assignment[]

    @OneToMany_(() => Payout, e => e.task)
    payouts!: Payout[]

    @OneToMany_(() => Refund, e => e.task)
    refunds!: Refund[]

    @OneToMany_(() => Audit, e => e.task)
    audits!: Audit[]

    @OneToMany_(() => Dispute, e => e.task)
    disputes!: Dispute[]
}
