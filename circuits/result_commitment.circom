pragma circom 2.1.6;

// Main component of the result-commitment circuit (compiled for BN254 and for BLS12-381).
// Public inputs, in order: [taskId, resultHash, provider]. Private: result[16], salt.
include "./lib/result_commitment.circom";

component main {public [taskId, resultHash, provider]} = ResultCommitment(16);
