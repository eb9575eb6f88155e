pragma circom 2.1.6;

include "circomlib/circuits/poseidon.circom";
include "./hashchain.circom";
include "./binding.circom";

// Result commitment: the prover knows result[N] and salt with
//   resultHash == Poseidon(HashChain(result), salt)
// and the proof is bound to (taskId, provider).
// Public inputs, in order: taskId, resultHash, provider.
template ResultCommitment(N) {
    signal input taskId;
    signal input resultHash;
    signal input provider;

    signal input result[N];
    signal input salt;

    component chain = HashChain(N);
    for (var i = 0; i < N; i++) {
        chain.in[i] <== result[i];
    }

    component commitment = Poseidon(2);
    commitment.inputs[0] <== chain.out;
    commitment.inputs[1] <== salt;
    commitment.out === resultHash;

    component binding = ProofBinding();
    binding.taskId <== taskId;
    binding.provider <== provider;
}
