import {PrimaryColumn as PrimaryColumn_} from "typeorm"
import {Entity as Entity_, Column as Column_, IntColumn as IntColumn_, Index as Index_, StringColumn as StringColumn_, BigIntColumn as BigIntColumn_} from "@subsquid/typeorm-store"

/**
 * ParameterChanged from the marketplace or the provider registry (name = the bytes32 key as text).
 */
@Entity_()
export class ParameterChange {
    constructor(props?: Partial<ParameterChange>) {
        Object.assign(this, props)
    }

    @PrimaryColumn_("varchar")
    id!: string

    @Index_()
    @IntColumn_({nullable: false})
    chainId!: number

    @Index_()
    @StringColumn_({nullable: false})
    contract!: string

    @Index_()
    @StringColumn_({nullable: false})
    name!: string

    @BigIntColumn_({nullable: false})
    oldValue!: bigint

    @BigIntColumn_({nullable: false})
    newValue!: bigint

    @Index_()
    @IntColumn_({nullable: false})
    blockNumber!: number
}
