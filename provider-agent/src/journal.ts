/**
 * Crash-safe progress journal: JSON lines appended to `<state>/journal.jsonl`, each followed by fsync, so a kill -9
 * loses at most the line being written (a torn last line is ignored on load). Per task it records the steps that
 * must not be repeated blindly: accepted, proved (resultHash + proof calldata), published (output blob), submitting
 * (the signed tx hash and raw tx, before broadcast) and submitted (tx hash) or failed; plus the event cursor (last
 * fully processed block).
 */
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, writeSync } from "node:fs";
import { join } from "node:path";

export type TaskPhase = "assigned" | "accepted" | "proved" | "published" | "submitting" | "submitted" | "failed" | "skipped";

export interface TaskRecord {
  taskId: string;
  phase: TaskPhase;
  resultHash?: string;
  proof?: string;
  outputId?: string;
  rawTx?: string;
  txHash?: string;
  reason?: string;
  /** Execution provider that computed the result. */
  ep?: string;
}

type Line = { t: "task"; rec: TaskRecord; at: number } | { t: "cursor"; block: number; at: number };

export class Journal {
  readonly file: string;
  private fd: number;
  readonly tasks = new Map<string, TaskRecord>();
  cursor: number | undefined;

  constructor(dir: string) {
    mkdirSync(dir, { recursive: true });
    this.file = join(dir, "journal.jsonl");
    if (existsSync(this.file)) {
      for (const raw of readFileSync(this.file, "utf8").split("\n")) {
        if (!raw.trim()) continue;
        let l: Line;
        try {
          l = JSON.parse(raw) as Line;
        } catch {
          continue; // torn write from a crash
        }
        if (l.t === "cursor") this.cursor = l.block;
        else if (l.t === "task") this.tasks.set(l.rec.taskId, { ...this.tasks.get(l.rec.taskId), ...l.rec });
      }
    }
    this.fd = openSync(this.file, "a");
  }

  private append(l: Line): void {
    writeSync(this.fd, JSON.stringify(l) + "\n");
    fsyncSync(this.fd);
  }

  /** Merges `rec` into the task's record and persists it. */
  update(taskId: bigint | string, rec: Partial<TaskRecord> & { phase: TaskPhase }): TaskRecord {
    const id = taskId.toString();
    const merged: TaskRecord = { ...this.tasks.get(id), ...rec, taskId: id };
    this.tasks.set(id, merged);
    this.append({ t: "task", rec: { ...rec, taskId: id }, at: Date.now() });
    return merged;
  }

  get(taskId: bigint | string): TaskRecord | undefined {
    return this.tasks.get(taskId.toString());
  }

  setCursor(block: number): void {
    if (this.cursor === block) return;
    this.cursor = block;
    this.append({ t: "cursor", block, at: Date.now() });
  }

  close(): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
  }
}
