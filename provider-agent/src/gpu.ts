/**
 * GPU detection from nvidia-smi:
 *   nvidia-smi --query-gpu=name,memory.total,compute_cap,driver_version --format=csv,noheader,nounits
 * One line per GPU, e.g. "NVIDIA H100 80GB HBM3, 81559, 9.0, 550.54.15". Lines that do not parse are reported and
 * skipped (never guessed); no nvidia-smi, a failing nvidia-smi or no parsable line -> CPU fallback.
 */
import { execFile } from "node:child_process";

export interface GpuInfo {
  readonly index: number;
  readonly name: string;
  /** memory.total in MiB. */
  readonly memoryMiB: number;
  /** Compute capability ×10 (9.0 -> 90), the on-chain unit. */
  readonly computeCapability: number;
  readonly driver: string;
}

export interface HardwareInfo {
  readonly source: "nvidia-smi" | "cpu";
  readonly gpus: readonly GpuInfo[];
  /** Lines nvidia-smi printed that could not be parsed. */
  readonly rejected: readonly string[];
  /** Why there is no GPU (cpu fallback). */
  readonly reason?: string;
}

export const NVIDIA_SMI_ARGS = [
  "--query-gpu=name,memory.total,compute_cap,driver_version",
  "--format=csv,noheader,nounits",
] as const;

/** Parses nvidia-smi's CSV output; returns the GPUs and the rejected lines. */
export function parseNvidiaSmi(text: string): { gpus: GpuInfo[]; rejected: string[] } {
  const gpus: GpuInfo[] = [];
  const rejected: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === "") continue;
    const parts = line.split(",");
    const cols = parts.map((c) => c.trim());
    // A GPU name could in principle contain a comma: the last three columns are fixed, the rest is the name.
    if (cols.length < 4) {
      rejected.push(line);
      continue;
    }
    const driver = cols[cols.length - 1] ?? "";
    const cc = cols[cols.length - 2] ?? "";
    const mem = cols[cols.length - 3] ?? "";
    const name = parts.slice(0, parts.length - 3).join(",").trim();
    const memOk = /^\d+(\.\d+)?$/.test(mem);
    const ccMatch = /^(\d{1,2})\.(\d)$/.exec(cc);
    if (!name || !memOk || !ccMatch || !/^[0-9][0-9.]*$/.test(driver)) {
      rejected.push(line);
      continue;
    }
    const memoryMiB = Math.floor(Number(mem));
    if (memoryMiB <= 0) {
      rejected.push(line);
      continue;
    }
    gpus.push({
      index: gpus.length,
      name,
      memoryMiB,
      computeCapability: Number(ccMatch[1]) * 10 + Number(ccMatch[2]),
      driver,
    });
  }
  return { gpus, rejected };
}

export type Runner = (cmd: string, args: readonly string[]) => Promise<string>;

const defaultRunner: Runner = (cmd, args) =>
  new Promise((resolve, reject) => {
    execFile(cmd, [...args], { timeout: 10_000, maxBuffer: 1 << 20 }, (err, stdout) => (err ? reject(err) : resolve(stdout)));
  });

/** Runs nvidia-smi (or `run`, for tests); falls back to CPU when it is missing, fails or reports nothing usable. */
export async function detectHardware(run: Runner = defaultRunner, cmd = process.env.STUN_NVIDIA_SMI ?? "nvidia-smi"): Promise<HardwareInfo> {
  let out: string;
  try {
    out = await run(cmd, NVIDIA_SMI_ARGS);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    return { source: "cpu", gpus: [], rejected: [], reason: err.code === "ENOENT" ? "nvidia-smi not found" : `nvidia-smi failed: ${err.message.split("\n")[0]}` };
  }
  const { gpus, rejected } = parseNvidiaSmi(out);
  if (gpus.length === 0) return { source: "cpu", gpus: [], rejected, reason: "nvidia-smi reported no parsable GPU" };
  return { source: "nvidia-smi", gpus, rejected };
}

export interface ProviderSpecsInput {
  gpuModel: string;
  vramGiB: number;
  computeCapability: number;
  gpuCount: number;
  region: string;
  pricePerUnit: bigint;
  tee: number;
  attestationHash: string;
}

const bytes32Text = (s: string): string => {
  const b = Buffer.from(s, "utf8").subarray(0, 32);
  return "0x" + b.toString("hex").padEnd(64, "0");
};

/** bytes4 region code from up to 4 ASCII chars ("EU1" -> 0x45553100). */
export const regionCode = (r: string): string => "0x" + Buffer.from(r, "ascii").subarray(0, 4).toString("hex").padEnd(8, "0");

/**
 * On-chain ProviderSpecs from detected hardware: the GPUs of the most common model (the smallest VRAM and compute
 * capability among them, so the provider never over-claims). The registry refuses zero vram/count/capability
 * (InvalidSpecs), so the CPU fallback registers gpuModel "CPU" with the smallest accepted values (1 GiB, 1 device,
 * capability 0.1): it matches only tasks that set no GPU requirement.
 */
export function specsFromHardware(hw: HardwareInfo, opts: { region?: string; pricePerUnit?: bigint } = {}): ProviderSpecsInput {
  const common = {
    region: regionCode(opts.region ?? ""),
    pricePerUnit: opts.pricePerUnit ?? 0n,
    tee: 0,
    attestationHash: "0x" + "00".repeat(32),
  };
  if (hw.gpus.length === 0) return { gpuModel: bytes32Text("CPU"), vramGiB: 1, computeCapability: 1, gpuCount: 1, ...common };
  const byName = new Map<string, GpuInfo[]>();
  for (const g of hw.gpus) byName.set(g.name, [...(byName.get(g.name) ?? []), g]);
  const group = [...byName.values()].sort((a, b) => b.length - a.length)[0] ?? [];
  return {
    gpuModel: bytes32Text(group[0]?.name ?? "GPU"),
    vramGiB: Math.max(1, Math.min(...group.map((g) => Math.floor(g.memoryMiB / 1024)))),
    computeCapability: Math.min(...group.map((g) => g.computeCapability)),
    gpuCount: Math.min(group.length, 255),
    ...common,
  };
}
