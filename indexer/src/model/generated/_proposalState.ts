export enum ProposalState {
    CREATED = "CREATED",
    QUEUED = "QUEUED",
    EXECUTED = "EXECUTED",
    CANCELED = "CANCELED",
}
