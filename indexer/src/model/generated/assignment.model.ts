import {PrimaryColumn as PrimaryColumn_} from "typeorm"
import {Entity as Entity_, Column as Column_, IntColumn as IntColumn_, Index as Index_, ManyToOne as ManyToOne_, StringColumn as StringColumn_, BigIntColumn as BigIntColumn_} from "@subsquid/typeorm-store"
import {Task} from "./task.model.js"
import {Provider} from "./provider.model.js"
import {AssignmentState} from "./_assignmentState.js"

/**
 * One provider assigned to one task.
 */
@Entity_()
export class Assignment {
    constructor(props?: Partial<Assignment>) {
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
    @ManyToOne_(() => Provider, {nullable: true})
    provider!: Provider

    @Column_("varchar", {length: 9, nullable: false})
    state!: AssignmentState

    @StringColumn_({nullable: true})
    resultHash!: string | undefined | null

    /**
     * paid (in the task's token) when the task finalized with this provider in the majority
     */
    @BigIntColumn_({nullable: true})
    payout!: bigint | undefined | null

    @IntColumn_({nullable: false})
    assignedBlock!: number
}
