import {PrimaryColumn as PrimaryColumn_} from "typeorm"
import {Entity as Entity_, Column as Column_, IntColumn as IntColumn_, Index as Index_, ManyToOne as ManyToOne_, StringColumn as StringColumn_, BigIntColumn as BigIntColumn_, BooleanColumn as BooleanColumn_} from "@subsquid/typeorm-store"
import {Task} from "./task.model.js"

/**
 * A requester dispute (TaskDisputed), resolved by AuditResolved.
 */
@Entity_()
export class Dispute {
    constructor(props?: Partial<Dispute>) {
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
    by!: string

    @BigIntColumn_({nullable: false})
    bond!: bigint

    @BooleanColumn_({nullable: true})
    honest!: boolean | undefined | null

    @IntColumn_({nullable: false})
    openedBlock!: number

    @IntColumn_({nullable: true})
    resolvedBlock!: number | undefined | null
}
