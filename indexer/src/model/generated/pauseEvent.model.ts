import {PrimaryColumn as PrimaryColumn_} from "typeorm"
import {Entity as Entity_, Column as Column_, IntColumn as IntColumn_, Index as Index_, StringColumn as StringColumn_, BooleanColumn as BooleanColumn_} from "@subsquid/typeorm-store"

@Entity_()
export class PauseEvent {
    constructor(props?: Partial<PauseEvent>) {
        Object.assign(this, props)
    }

    @PrimaryColumn_("varchar")
    id!: string

    @Index_()
    @IntColumn_({nullable: false})
    chainId!: number

    @StringColumn_({nullable: false})
    contract!: string

    @BooleanColumn_({nullable: false})
    paused!: boolean

    @StringColumn_({nullable: false})
    by!: string

    @Index_()
    @IntColumn_({nullable: false})
    blockNumber!: number
}
