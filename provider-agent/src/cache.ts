/** A least-recently-used cache of verified blobs, bounded by total bytes (models are big, inputs small). */
export class LruByteCache {
  private readonly map = new Map<string, Uint8Array>();
  private total = 0;
  hits = 0;
  misses = 0;

  constructor(readonly maxBytes: number) {
    if (!(maxBytes >= 0)) throw new RangeError("maxBytes must be >= 0");
  }

  get size(): number {
    return this.map.size;
  }

  get bytes(): number {
    return this.total;
  }

  get(key: string): Uint8Array | undefined {
    const v = this.map.get(key);
    if (v === undefined) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    this.map.delete(key);
    this.map.set(key, v); // most recent last
    return v;
  }

  has(key: string): boolean {
    return this.map.has(key);
  }

  /** Inserts; an entry larger than the whole budget is not cached. Evicts least recently used entries to fit. */
  set(key: string, value: Uint8Array): void {
    const old = this.map.get(key);
    if (old !== undefined) {
      this.map.delete(key);
      this.total -= old.length;
    }
    if (value.length > this.maxBytes) return;
    this.map.set(key, value);
    this.total += value.length;
    for (const [k, v] of this.map) {
      if (this.total <= this.maxBytes) break;
      this.map.delete(k);
      this.total -= v.length;
    }
  }

  keys(): string[] {
    return [...this.map.keys()];
  }
}
