import {PrimaryColumn as PrimaryColumn_} from "typeorm"
import {Entity as Entity_, Column as Column_, IntColumn as IntColumn_, Index as Index_, ManyToOne as ManyToOne_, BooleanColumn as BooleanColumn_} from "@subsquid/typeorm-store"
import {Task} from "./task.model.js"

/**
 * An audit drawn at verification (AuditRequested), resolved by AuditResolved.
 */
@Entity_()
export class Audit {
    constructor(props?: Partial<Audit>) {
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

    @BooleanColumn_({nullable: true})
    honest!: boolean | undefined | null

    @IntColumn_({nullable: false})
    requestedBlock!: number

    @IntColumn_({nullable: true})
    resolvedBlock!: number | undefined | null
}
