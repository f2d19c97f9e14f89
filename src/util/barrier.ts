// A one-shot barrier: wait() resolves once every one of `count` parties has arrived.

/** Resolves wait() when `count` parties have called arrive() (each party arrives once). */
export class Barrier {
  private left: number;
  private release: () => void = () => undefined;
  private readonly all: Promise<void>;

  constructor(count: number) {
    this.left = count;
    this.all = new Promise((resolve) => {
      this.release = resolve;
    });
    if (count <= 0) this.release();
  }

  /** One party has arrived. */
  arrive(): void {
    if (this.left > 0 && --this.left === 0) this.release();
  }

  /** Resolves when every party has arrived. */
  wait(): Promise<void> {
    return this.all;
  }
}
