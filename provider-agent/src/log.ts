/**
 * Structured logs: one JSON object per line, {ts, level, msg, fields}. Secrets registered with `addSecret` (the
 * private key, the mnemonic phrase, the keystore password) are replaced by "[REDACTED]" in every line as a last line
 * of defence; the agent never passes key material to the logger in the first place.
 */
export type Level = "debug" | "info" | "warn" | "error";
const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  addSecret(secret: string): void;
}

const replacer = (_k: string, v: unknown): unknown => {
  if (typeof v === "bigint") return v.toString();
  if (v instanceof Error) return { name: v.name, message: v.message };
  if (v instanceof Uint8Array) return `<${v.length} bytes>`;
  return v;
};

export function createLogger(opts: { level?: Level; write?: (line: string) => void } = {}): Logger {
  const min = ORDER[opts.level ?? (process.env.STUN_LOG_LEVEL as Level | undefined) ?? "info"] ?? ORDER.info;
  const write = opts.write ?? ((line: string) => process.stdout.write(line + "\n"));
  const secrets: string[] = [];
  const emit = (level: Level, msg: string, fields: Record<string, unknown> = {}): void => {
    if (ORDER[level] < min) return;
    let line: string;
    try {
      line = JSON.stringify({ ts: new Date().toISOString(), level, msg, fields }, replacer);
    } catch {
      line = JSON.stringify({ ts: new Date().toISOString(), level, msg, fields: { unserializable: true } });
    }
    for (const s of secrets) {
      if (line.includes(s)) line = line.split(s).join("[REDACTED]");
      const bare = s.startsWith("0x") ? s.slice(2) : undefined;
      if (bare && line.includes(bare)) line = line.split(bare).join("[REDACTED]");
    }
    write(line);
  };
  return {
    debug: (m, f) => emit("debug", m, f),
    info: (m, f) => emit("info", m, f),
    warn: (m, f) => emit("warn", m, f),
    error: (m, f) => emit("error", m, f),
    addSecret: (s) => {
      if (s.length >= 8 && !secrets.includes(s)) secrets.push(s);
    },
  };
}
