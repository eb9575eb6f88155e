/**
 * Crash-safe progress journal: JSON lines appended to `<state>/journal.jsonl`. Every line is written at once (so a
 * kill -9 loses at most the line being written; a torn last line is ignored on load). The `submitting` line (the
 * signed tx hash and raw tx) is fsync'd before the transaction is broadcast (`updateDurable`); the other lines are
 * fsync'd in the background, together, at most LAZY_SYNC_MS later (and on close). Losing one of those on a power
 * failure only repeats work that is checked against the chain: an assignment is found again from the cursor, a
 * proof is recomputed, a submission is found by its receipt or by the assignment's state, a ref is published again.
 * Per task it records the steps that must not be repeated blindly: accepted, proved (resultHash + proof calldata),
 * published (output blob), submitting and submitted (tx hash) or failed; plus the event cursor (last fully
 * processed block).
 */
import { closeSync, existsSync, fsync, fsyncSync, mkdirSync, openSync, readFileSync, writeSync } from "node:fs";
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

/** The longest a written line waits for its background fsync. */
export const LAZY_SYNC_MS = 500;

export class Journal {
  readonly file: string;
  private fd: number;
  readonly tasks = new Map<string, TaskRecord>();
  cursor: number | undefined;
  /** Lines written since the last fsync started. */
  private dirty = false;
  private syncTimer: NodeJS.Timeout | undefined;

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

  /** Writes the line now; its fsync runs in the background, shared with the lines around it. */
  private append(l: Line): void {
    writeSync(this.fd, JSON.stringify(l) + "\n");
    this.dirty = true;
    this.syncTimer ??= setTimeout(() => {
      this.syncTimer = undefined;
      if (!this.dirty || this.fd < 0) return;
      this.dirty = false;
      fsync(this.fd, () => undefined); // a failure leaves the line to the next fsync (or close)
    }, LAZY_SYNC_MS).unref();
  }

  private merge(taskId: bigint | string, rec: Partial<TaskRecord> & { phase: TaskPhase }): TaskRecord {
    const id = taskId.toString();
    const merged: TaskRecord = { ...this.tasks.get(id), ...rec, taskId: id };
    this.tasks.set(id, merged);
    this.append({ t: "task", rec: { ...rec, taskId: id }, at: Date.now() });
    return merged;
  }

  /** Merges `rec` into the task's record and writes it (fsync'd in the background, see the top of the file). */
  update(taskId: bigint | string, rec: Partial<TaskRecord> & { phase: TaskPhase }): TaskRecord {
    return this.merge(taskId, rec);
  }

  /**
   * Like `update`, but resolves only once the journal (this line and every one before it) is on disk: use it before
   * an action that must not be repeated after a crash, e.g. broadcasting a signed transaction. The fsync runs off
   * the main thread.
   */
  async updateDurable(taskId: bigint | string, rec: Partial<TaskRecord> & { phase: TaskPhase }): Promise<TaskRecord> {
    const merged = this.merge(taskId, rec);
    this.dirty = false;
    const fd = this.fd;
    await new Promise<void>((resolve, reject) => fsync(fd, (e) => (e ? reject(e) : resolve())));
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
    clearTimeout(this.syncTimer);
    this.syncTimer = undefined;
    if (this.fd >= 0) {
      if (this.dirty) fsyncSync(this.fd);
      closeSync(this.fd);
    }
    this.fd = -1;
    this.dirty = false;
  }
}
