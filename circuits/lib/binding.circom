pragma circom 2.1.6;

include "circomlib/circuits/bitify.circom";

// Binds a proof to (taskId, provider).
// Every public input already has its own IC term in the Groth16 verification key (and snarkjs adds an
// `x * 0 = 0` constraint per public input), so a proof verifies only against the exact public inputs it was
// made for. On top of that, belt and braces:
//   * provider is range checked to 160 bits (an EVM address; Solana/TON keys are hashed into 160 bits off-chain
//     by the spoke before use), so a provider value >= 2^160 can never be proven;
//   * taskId enters a non-linear constraint, so no optimizer can drop it.
template ProofBinding() {
    signal input taskId;
    signal input provider;

    component providerBits = Num2Bits(160);
    providerBits.in <== provider;

    signal taskIdSquared;
    taskIdSquared <== taskId * taskId;
}
