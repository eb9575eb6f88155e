export enum StakeEventKind {
    STAKED = "STAKED",
    UNSTAKE_REQUESTED = "UNSTAKE_REQUESTED",
    UNSTAKED = "UNSTAKED",
}
