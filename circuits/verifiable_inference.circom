pragma circom 2.1.6;

// Main component of the verifiable-inference circuit (BN254): one 16x16 dense layer + bias + ReLU of the
// project's reference model, 8 fractional bits, |pre-activation| < 2^32, inputs in [-2^12, 2^12).
// Public inputs, in order: [taskId, resultHash, provider, inputHash]. Private: x[16].
include "./lib/inference.circom";

component main {public [taskId, resultHash, provider, inputHash]} = VerifiableInference(16, 8, 32, 13);
