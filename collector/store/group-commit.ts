// Group commit: requests that arrive while a transaction runs wait and are committed together in
// the next one, and each is answered after that commit. PGlite has one connection, so this is
// what lets many concurrent submissions share the cost of a commit (and its WAL sync).

export interface GroupCommitOptions<T, R> {
  /** Commit a batch; resolve with one result per item, in order. */
  commit: (items: T[]) => Promise<R[]>;
  /** Most items per transaction. */
  maxBatch?: number;
}

export class GroupCommitter<T, R> {
  readonly #commit: (items: T[]) => Promise<R[]>;
  readonly #maxBatch: number;
  #queue: { item: T; resolve: (r: R) => void; reject: (e: unknown) => void }[] = [];
  #running: Promise<void> | null = null;

  constructor(options: GroupCommitOptions<T, R>) {
    this.#commit = options.commit;
    this.#maxBatch = options.maxBatch ?? 500;
  }

  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.#queue.push({ item, resolve, reject });
      this.#running ??= this.#drain();
    });
  }

  /** Resolves when everything submitted so far is committed (or failed). */
  async flush(): Promise<void> {
    while (this.#running) await this.#running;
  }

  async #drain(): Promise<void> {
    // Let the requests that are already in flight join the first batch.
    await new Promise((r) => setImmediate(r));
    try {
      while (this.#queue.length > 0) {
        const batch = this.#queue.splice(0, this.#maxBatch);
        try {
          const results = await this.#commit(batch.map((b) => b.item));
          for (const [i, b] of batch.entries()) b.resolve(results[i] as R);
        } catch (e) {
          if (batch.length === 1) {
            batch[0]?.reject(e);
            continue;
          }
          // One bad item must not fail the others: commit each on its own.
          for (const b of batch) {
            try {
              const [r] = await this.#commit([b.item]);
              b.resolve(r as R);
            } catch (err) {
              b.reject(err);
            }
          }
        }
      }
    } finally {
      this.#running = null;
    }
  }
}
