// Lazily imported chunks. Browsers remember a failed module fetch for the page's lifetime, so after
// a failure (offline) the next try asks for the file under a new URL (`?retry=N`), next to `base`.
export function lazy<T>(file: string, base: string, first: () => Promise<T>): () => Promise<T> {
  let p: Promise<T> | undefined;
  let tries = 0;
  return () =>
    (p ??= (tries++ ? (import(new URL(`${file}?retry=${tries}`, base).href) as Promise<T>) : first()).catch((e) => {
      p = undefined;
      throw e;
    }));
}
