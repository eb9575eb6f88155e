/** @stun/circuits: Groth16 circuits, prover and encoders for STUN result proofs. */
export * from "./encoding.js";
export * from "./fields.js";
export * from "./hash.js";
export * from "./inputs.js";
export * from "./model.js";
export * from "./paths.js";
export * from "./prover.js";
export * from "./vkey.js";
export * from "./native.js";
