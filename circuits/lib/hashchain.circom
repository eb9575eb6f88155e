pragma circom 2.1.6;

include "circomlib/circuits/poseidon.circom";

// Length-prefixed Poseidon sponge-like chain over L field elements (15 elements per absorb):
//   acc_0     = L
//   acc_{k+1} = Poseidon16(acc_k, m[15k], ..., m[15k+14])      (the last chunk is zero padded)
//   out       = acc_{ceil(L/15)}
// The length prefix makes inputs of different fixed lengths hash differently.
// Mirrored by hashChain() in circuits/src/hash.ts.
template HashChain(L) {
    signal input in[L];
    signal output out;

    var C = (L + 14) \ 15;
    component h[C];
    for (var k = 0; k < C; k++) {
        h[k] = Poseidon(16);
        if (k == 0) {
            h[k].inputs[0] <== L;
        } else {
            h[k].inputs[0] <== h[k - 1].out;
        }
        for (var j = 0; j < 15; j++) {
            var idx = 15 * k + j;
            if (idx < L) {
                h[k].inputs[j + 1] <== in[idx];
            } else {
                h[k].inputs[j + 1] <== 0;
            }
        }
    }
    out <== h[C - 1].out;
}
