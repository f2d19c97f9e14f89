// A bounded first-in first-out queue on a ring: push past the capacity drops the oldest
// entry and hands it back, so the caller can count it.

/** Fixed-capacity FIFO; O(1) push and shift. */
export class Fifo<T> {
  private ring: (T | undefined)[];
  private head = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    this.ring = new Array<T | undefined>(Math.max(1, capacity));
  }

  /** Entries held. */
  get length(): number {
    return this.count;
  }

  /** Appends; returns the oldest entry when it had to make room, else undefined. */
  push(v: T): T | undefined {
    let dropped: T | undefined;
    if (this.count === this.ring.length) dropped = this.shift();
    this.ring[(this.head + this.count) % this.ring.length] = v;
    this.count++;
    return dropped;
  }

  /** The oldest entry without removing it. */
  peek(): T | undefined {
    return this.count === 0 ? undefined : this.ring[this.head];
  }

  /** Removes and returns the oldest entry. */
  shift(): T | undefined {
    if (this.count === 0) return undefined;
    const v = this.ring[this.head];
    this.ring[this.head] = undefined;
    this.head = (this.head + 1) % this.ring.length;
    this.count--;
    return v;
  }

  /** Removes and returns every entry, oldest first. */
  drain(): T[] {
    const out: T[] = [];
    while (this.count > 0) out.push(this.shift() as T);
    return out;
  }
}
