import {PrimaryColumn as PrimaryColumn_} from "typeorm"
import {Entity as Entity_, Column as Column_, IntColumn as IntColumn_, Index as Index_, ManyToOne as ManyToOne_, StringColumn as StringColumn_, BigIntColumn as BigIntColumn_, DateTimeColumn as DateTimeColumn_} from "@subsquid/typeorm-store"
import {Task} from "./task.model.js"
import {TaskStatus} from "./_taskStatus.js"

/**
 * One marketplace event of a task (the task's timeline); `status` is the task status after the event.
 */
@Entity_()
export class TaskEvent {
    constructor(props?: Partial<TaskEvent>) {
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

    @Index_()
    @StringColumn_({nullable: false})
    name!: string

    @Column_("varchar", {length: 16, nullable: false})
    status!: TaskStatus

    @Index_()
    @StringColumn_({nullable: true})
    provider!: string | undefined | null

    @StringColumn_({nullable: true})
    resultHash!: string | undefined | null

    @BigIntColumn_({nullable: true})
    amount!: bigint | undefined | null

    @Index_()
    @IntColumn_({nullable: false})
    blockNumber!: number

    @IntColumn_({nullable: false})
    logIndex!: number

    @Index_()
    @DateTimeColumn_({nullable: false})
    timestamp!: Date

    @StringColumn_({nullable: false})
    txHash!: string
}
