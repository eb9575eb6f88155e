// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

/// @notice Privacy level a task asks for (PROTOCOL.md "Task requirements").
enum Privacy {
    None,
    Tee,
    ZkInference,
    Fhe
}

/// @notice Trusted-execution environment a provider offers.
enum TeeType {
    None,
    IntelTdx,
    AmdSevSnp,
    AwsNitro,
    NvidiaCc
}

/// @notice Why a provider is not eligible for a task (None = eligible).
enum Ineligibility {
    None,
    NotRegistered,
    Inactive,
    InsufficientStake,
    Jailed,
    GpuMemory,
    ComputeCapability,
    GpuCount,
    Region,
    Tee,
    Price
}

/// @notice Why stake was slashed.
enum SlashReason {
    WrongResult,
    NoShow,
    FailedAudit,
    LostDispute
}

/// @notice Outcome reported to the reputation registry.
enum Outcome {
    Success,
    WrongResult,
    NoShow
}

/// @notice GPU specs a provider registers.
/// @dev `computeCapability` is ×10 (8.9 -> 89); `region` is a 4-byte code (e.g. "EU1\0"); `pricePerUnit` is in the
///      smallest unit of whatever token the task pays in (the matcher compares like with like).
struct ProviderSpecs {
    bytes32 gpuModel;
    uint16 vramGiB;
    uint16 computeCapability;
    uint8 gpuCount;
    bytes4 region;
    uint80 pricePerUnit;
    TeeType tee;
    bytes32 attestationHash;
}

/// @notice What a task needs from a provider. Zero means "no requirement" for every field.
struct Requirements {
    uint96 maxPrice;
    uint16 gpuMemory;
    uint16 computeCapability;
    uint8 gpuCount;
    Privacy privacy;
    bytes4 region;
}
