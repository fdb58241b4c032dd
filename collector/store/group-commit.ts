// Group commit: requests that arrive while a commit runs wait and are committed together in the
// next one, and each is answered after the commit holding it is durable. PGlite has one
// connection, so this is what lets many concurrent submissions share the cost of a statement
// and of its WAL sync. Several commits may be in flight: while one waits for the disk, the next
// one already runs (the store orders them; their syncs coalesce, see db/pglite.ts).

export interface GroupCommitOptions<T, R> {
  /** Commit a batch; resolve with one result per item, in order, once durable. */
  commit: (items: T[]) => Promise<R[]>;
  /** Most items per commit. */
  maxBatch?: number;
  /** Most commits in flight at once. */
  maxInFlight?: number;
}

type Waiting<T, R> = { item: T; resolve: (r: R) => void; reject: (e: unknown) => void };

export class GroupCommitter<T, R> {
  readonly #commit: (items: T[]) => Promise<R[]>;
  readonly #maxBatch: number;
  readonly #maxInFlight: number;
  #queue: Waiting<T, R>[] = [];
  #inFlight = 0;
  #scheduled = false;
  #idle: (() => void)[] = [];

  constructor(options: GroupCommitOptions<T, R>) {
    this.#commit = options.commit;
    this.#maxBatch = options.maxBatch ?? 500;
    this.#maxInFlight = options.maxInFlight ?? 4;
  }

  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.#queue.push({ item, resolve, reject });
      if (!this.#scheduled) {
        this.#scheduled = true;
        // Let the requests that are already in flight join the batch.
        setImmediate(() => {
          this.#scheduled = false;
          this.#pump();
        });
      }
    });
  }

  /** Resolves when everything submitted so far is committed (or failed). */
  flush(): Promise<void> {
    if (this.#queue.length === 0 && this.#inFlight === 0 && !this.#scheduled) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  #pump() {
    while (this.#queue.length > 0 && this.#inFlight < this.#maxInFlight) {
      const batch = this.#queue.splice(0, this.#maxBatch);
      this.#inFlight++;
      this.#run(batch).finally(() => {
        this.#inFlight--;
        this.#pump();
        if (this.#queue.length === 0 && this.#inFlight === 0 && !this.#scheduled) {
          for (const done of this.#idle.splice(0)) done();
        }
      });
    }
  }

  async #run(batch: Waiting<T, R>[]): Promise<void> {
    try {
      const results = await this.#commit(batch.map((b) => b.item));
      for (const [i, b] of batch.entries()) b.resolve(results[i] as R);
    } catch (e) {
      if (batch.length === 1) {
        batch[0]?.reject(e);
        return;
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
}
