/**
 * Generates the optimized Groth16 verifier contracts (evm/contracts/zk/*.sol) from a BN254 verification key.
 *
 * Verification: e(-A, B) * e(alpha, beta) * e(vk_x, gamma) * e(C, delta) == 1, with
 * vk_x = IC0 + sum_i input_i * IC_{i+1}. Gas is close to the precompile floor:
 *   one ecPairing of 4 pairs (45,000 + 4 * 34,000), one ecMul (6,000) + ecAdd (150) per public input,
 *   every verification-key constant inlined, A negated (cheaper than negating C or a key point), no memory arrays.
 */
import { id } from "ethers";

import { BASE_FIELD, SCALAR_FIELD } from "./fields.js";
import { type Groth16VerificationKey, g1, g2 } from "./vkey.js";

export interface PublicParam {
  /** Solidity parameter name. */
  name: string;
  /** Solidity type of the parameter. */
  type: "uint256" | "bytes32" | "address";
  /** NatSpec text. */
  doc: string;
}

export interface VerifierSpec {
  contractName: string;
  functionName: string;
  /** Interface the contract implements (imported from ../interfaces), if any. */
  implementsInterface?: string;
  title: string;
  notice: string;
  /** Public inputs in circuit order. */
  params: PublicParam[];
  vkeyFile: string;
}

const hex32 = (v: bigint): string => `0x${v.toString(16).padStart(64, "0")}`;

/** The uint256 value of a parameter in Solidity. */
const asUint = (p: PublicParam): string =>
  p.type === "uint256" ? p.name : p.type === "bytes32" ? `uint256(${p.name})` : `uint256(uint160(${p.name}))`;

export function generateVerifier(vk: Groth16VerificationKey, spec: VerifierSpec): string {
  if (vk.curve !== "bn128") throw new Error("EVM verifiers need a BN254 key");
  if (vk.nPublic !== spec.params.length || vk.IC.length !== spec.params.length + 1) {
    throw new Error(`${spec.contractName}: key has ${vk.nPublic} public inputs, spec has ${spec.params.length}`);
  }
  const alpha = g1(vk.vk_alpha_1);
  const beta = g2(vk.vk_beta_2);
  const gamma = g2(vk.vk_gamma_2);
  const delta = g2(vk.vk_delta_2);
  const ic = vk.IC.map(g1);

  const consts: string[] = [
    `    uint256 internal constant R = ${SCALAR_FIELD.bn254}; // scalar field`,
    `    uint256 internal constant Q = ${BASE_FIELD.bn254}; // base field`,
    `    uint256 internal constant ALPHA_X = ${hex32(alpha.x)};`,
    `    uint256 internal constant ALPHA_Y = ${hex32(alpha.y)};`,
  ];
  for (const [n, p] of [
    ["BETA", beta],
    ["GAMMA", gamma],
    ["DELTA", delta],
  ] as const) {
    consts.push(
      `    uint256 internal constant ${n}_X1 = ${hex32(p.x.c1)};`,
      `    uint256 internal constant ${n}_X0 = ${hex32(p.x.c0)};`,
      `    uint256 internal constant ${n}_Y1 = ${hex32(p.y.c1)};`,
      `    uint256 internal constant ${n}_Y0 = ${hex32(p.y.c0)};`,
    );
  }
  ic.forEach((p, i) => {
    consts.push(`    uint256 internal constant IC${i}_X = ${hex32(p.x)};`, `    uint256 internal constant IC${i}_Y = ${hex32(p.y)};`);
  });

  const sig = spec.params.map((p) => `${p.type} ${p.name}`).join(", ");
  const fieldChecks = spec.params
    .map((p, i) => ({ p, i }))
    .filter(({ p }) => p.type !== "address") // an address is < 2^160 < R
    .map(({ p, i }) => `        if (${asUint(p)} >= R) revert PublicInputNotInField(${i});`)
    .join("\n");
  const inputArgs = spec.params.map(asUint).join(", ");
  const innerParams = spec.params.map((_, i) => `uint256 in${i}`).join(", ");

  // One combined range check on the happy path; the failing index is only searched for when reverting.
  const words = Array.from({ length: 8 }, (_, i) => `lt(calldataload(add(proof.offset, ${hex(i * 32)})), Q)`);
  const combined = words.slice(1).reduce((acc, w) => `and(${acc}, ${w})`, words[0]!);
  const coordChecks = [
    `            if iszero(${combined}) {`,
    `                for { let i := 0 } 1 { i := add(i, 1) } {`,
    `                    if iszero(lt(calldataload(add(proof.offset, shl(5, i))), Q)) { fail(i) }`,
    `                }`,
    `            }`,
  ].join("\n");
  // vk_x is accumulated in place in the pairing buffer (slot of the third pair's G1 point, p + 0x180), with the ecMul
  // scratch right after it (p + 0x1c0, later overwritten by gamma), so ecAdd reads acc || in_i * IC_i contiguously.
  const msm = spec.params
    .map(
      (_, i) => [
        `            // vk_x += in${i} * IC${i + 1}`,
        `            mstore(add(p, 0x1c0), IC${i + 1}_X)`,
        `            mstore(add(p, 0x1e0), IC${i + 1}_Y)`,
        `            mstore(add(p, 0x200), in${i})`,
        `            ok := and(ok, staticcall(gas(), 0x07, add(p, 0x1c0), 0x60, add(p, 0x1c0), 0x40))`,
        `            ok := and(ok, staticcall(gas(), 0x06, add(p, 0x180), 0x80, add(p, 0x180), 0x40))`,
      ].join("\n"),
    )
    .join("\n");
  const coordSelector = `${id("ProofCoordinateNotInField(uint256)").slice(0, 10)}${"0".repeat(56)}`;
  const paramDocs = spec.params.map((p) => `    /// @param ${p.name} ${p.doc}`).join("\n");
  const inherit = spec.implementsInterface ? ` is ${spec.implementsInterface}` : "";
  const importLine = spec.implementsInterface
    ? `\nimport {${spec.implementsInterface}} from "../interfaces/${spec.implementsInterface}.sol";\n`
    : "";
  const override = spec.implementsInterface ? " override" : "";

  return `// SPDX-License-Identifier: Apache-2.0
// GENERATED by circuits/scripts/setup.ts from ${spec.vkeyFile}. Do not edit by hand.
// DEVELOPMENT KEY: produced by a deterministic beacon-only setup; anyone can forge proofs for it.
// Never deploy it to a public network; see circuits/README.md ("Production ceremony").
pragma solidity 0.8.30;
${importLine}
/// @title ${spec.title}
/// @notice ${spec.notice}
/// @dev Optimized Groth16 verifier over BN254: one 4-pair ecPairing, ecMul/ecAdd per public input, verification
///      key inlined. \`proof\` is abi.encode(uint256[2] a, uint256[2][2] b, uint256[2] c) (256 bytes), G2 limbs in
///      precompile order ([x.c1, x.c0], [y.c1, y.c0]) exactly as snarkjs exportSolidityCallData prints them.
contract ${spec.contractName}${inherit} {
    /// @notice The proof is not 256 bytes (malformed calldata).
    error InvalidProofLength(uint256 length);
    /// @notice Public input \`index\` (circuit order) is not below the BN254 scalar field modulus r.
    error PublicInputNotInField(uint256 index);
    /// @notice Proof word \`index\` (0..7: a.x, a.y, b.x1, b.x0, b.y1, b.y0, c.x, c.y) is not below the base field q.
    error ProofCoordinateNotInField(uint256 index);

${consts.join("\n")}

    /// @notice Returns true iff \`proof\` is a valid Groth16 proof for the public inputs (in circuit order).
    /// @dev Reverts with a named error on malformed input; returns false for a well-formed proof that does not
    ///      verify (including points that are not on the curve).
${paramDocs}
    /// @param proof The ABI-encoded proof (256 bytes).
    function ${spec.functionName}(${sig}, bytes calldata proof) external view${override} returns (bool) {
        if (proof.length != 256) revert InvalidProofLength(proof.length);
${fieldChecks}
        return _verify(proof, ${inputArgs});
    }

    // solhint-disable-next-line function-max-lines
    function _verify(bytes calldata proof, ${innerParams}) private view returns (bool valid) {
        // Assembly is the point of this contract: precompile calls on a hand-laid-out buffer, no memory arrays.
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            // revert ProofCoordinateNotInField(i)
            function fail(i) {
                mstore(0x00, ${coordSelector})
                mstore(0x04, i)
                revert(0x00, 0x24)
            }
${coordChecks}
            let ok := 1
            // Pairing input at p: (-A, B), (alpha, beta), (vk_x, gamma), (C, delta); 4 * 192 bytes.
            let p := mload(0x40)
            // vk_x = IC0 + sum in_i * IC_{i+1}
            mstore(add(p, 0x180), IC0_X)
            mstore(add(p, 0x1a0), IC0_Y)
${msm}
            mstore(p, calldataload(proof.offset))
            mstore(add(p, 0x20), mod(sub(Q, calldataload(add(proof.offset, 0x20))), Q))
            calldatacopy(add(p, 0x40), add(proof.offset, 0x40), 0x80)
            mstore(add(p, 0xc0), ALPHA_X)
            mstore(add(p, 0xe0), ALPHA_Y)
            mstore(add(p, 0x100), BETA_X1)
            mstore(add(p, 0x120), BETA_X0)
            mstore(add(p, 0x140), BETA_Y1)
            mstore(add(p, 0x160), BETA_Y0)
            mstore(add(p, 0x1c0), GAMMA_X1)
            mstore(add(p, 0x1e0), GAMMA_X0)
            mstore(add(p, 0x200), GAMMA_Y1)
            mstore(add(p, 0x220), GAMMA_Y0)
            calldatacopy(add(p, 0x240), add(proof.offset, 0xc0), 0x40)
            mstore(add(p, 0x280), DELTA_X1)
            mstore(add(p, 0x2a0), DELTA_X0)
            mstore(add(p, 0x2c0), DELTA_Y1)
            mstore(add(p, 0x2e0), DELTA_Y0)
            ok := and(ok, staticcall(gas(), 0x08, p, 0x300, p, 0x20))
            valid := and(ok, mload(p))
        }
    }
}
`;
}

function hex(n: number): string {
  return `0x${n.toString(16)}`;
}
