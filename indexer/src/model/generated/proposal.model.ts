import {PrimaryColumn as PrimaryColumn_} from "typeorm"
import {Entity as Entity_, Column as Column_, IntColumn as IntColumn_, Index as Index_, BigIntColumn as BigIntColumn_, StringColumn as StringColumn_, DateTimeColumn as DateTimeColumn_, OneToMany as OneToMany_} from "@subsquid/typeorm-store"
import {ProposalState} from "./_proposalState.js"
import {Vote} from "./vote.model.js"

@Entity_()
export class Proposal {
    constructor(props?: Partial<Proposal>) {
        Object.assign(this, props)
    }

    @PrimaryColumn_("varchar")
    id!: string

    @Index_()
    @IntColumn_({nullable: false})
    chainId!: number

    @Index_()
    @BigIntColumn_({nullable: false})
    proposalId!: bigint

    @Index_()
    @StringColumn_({nullable: false})
    proposer!: string

    @StringColumn_({array: true, nullable: false})
    targets!: (string)[]

    /**
     * ETH values (decimal strings)
     */
    @StringColumn_({array: true, nullable: false})
    values!: (string)[]

    @StringColumn_({array: true, nullable: false})
    signatures!: (string)[]

    @StringColumn_({array: true, nullable: false})
    calldatas!: (string)[]

    @StringColumn_({nullable: false})
    description!: string

    @BigIntColumn_({nullable: false})
    voteStart!: bigint

    @BigIntColumn_({nullable: false})
    voteEnd!: bigint

    @Index_()
    @Column_("varchar", {length: 8, nullable: false})
    state!: ProposalState

    @BigIntColumn_({nullable: true})
    etaSeconds!: bigint | undefined | null

    @BigIntColumn_({nullable: false})
    forVotes!: bigint

    @BigIntColumn_({nullable: false})
    againstVotes!: bigint

    @BigIntColumn_({nullable: false})
    abstainVotes!: bigint

    @Index_()
    @IntColumn_({nullable: false})
    createdBlock!: number

    @DateTimeColumn_({nullable: false})
    createdAt!: Date

    @OneToMany_(() => Vote, e => e.proposal)
    votes!: Vote[]
}
