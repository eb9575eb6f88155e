export enum AssignmentState {
    ASSIGNED = "ASSIGNED",
    ACCEPTED = "ACCEPTED",
    SUBMITTED = "SUBMITTED",
}
