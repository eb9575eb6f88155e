import {PrimaryColumn as PrimaryColumn_} from "typeorm"
import {Entity as Entity_, Column as Column_, IntColumn as IntColumn_, Index as Index_, StringColumn as StringColumn_, BooleanColumn as BooleanColumn_, BigIntColumn as BigIntColumn_, DateTimeColumn as DateTimeColumn_, OneToMany as OneToMany_} from "@subsquid/typeorm-store"
import {Assignment} from "./assignment.model.js"
import {StakeEvent} from "./stakeEvent.model.js"
import {Slash} from "./slash.model.js"
import {ReputationUpdate} from "./reputationUpdate.model.js"
import {Payout} from "./payout.model.js"
import {ProviderEarning} from "./providerEarning.model.js"
import {ProviderSpecChange} from "./providerSpecChange.model.js"

@Entity_()
export class Provider {
    constructor(props?: Partial<Provider>) {
        Object.assign(this, props)
    }

    @PrimaryColumn_("varchar")
    id!: string

    @Index_()
    @IntColumn_({nullable: false})
    chainId!: number

    @Index_()
    @StringColumn_({nullable: false})
    address!: string

    @BooleanColumn_({nullable: false})
    active!: boolean

    @StringColumn_({nullable: false})
    gpuModel!: string

    @Index_()
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

    @StringColumn_({nullable: false})
    attestationHash!: string

    /**
     * bonded stake as seen from events: staked - unstake requested - slashed
     */
    @BigIntColumn_({nullable: false})
    stake!: bigint

    @BigIntColumn_({nullable: false})
    pendingUnstake!: bigint

    @BigIntColumn_({nullable: false})
    totalSlashed!: bigint

    @IntColumn_({nullable: false})
    slashCount!: number

    @BigIntColumn_({nullable: true})
    reputation!: bigint | undefined | null

    @IntColumn_({nullable: false})
    tasksCompleted!: number

    @IntColumn_({nullable: false})
    registeredBlock!: number

    @DateTimeColumn_({nullable: false})
    registeredAt!: Date

    @IntColumn_({nullable: false})
    updatedBlock!: number

    @OneToMany_(() => Assignment, e => e.provider)
    assignments!: Assignment[]

    @OneToMany_(() => StakeEvent, e => e.provider)
    stakeEvents!: StakeEvent[]

    @OneToMany_(() => Slash, e => e.provider)
    slashes!: Slash[]

    @OneToMany_(() => ReputationUpdate, e => e.provider)
    reputationHistory!: ReputationUpdate[]

    @OneToMany_(() => Payout, e => e.provider)
    payouts!: Payout[]

    @OneToMany_(() => ProviderEarning, e => e.provider)
    earnings!: ProviderEarning[]

    @OneToMany_(() => ProviderSpecChange, e => e.provider)
    specHistory!: ProviderSpecChange[]
}
