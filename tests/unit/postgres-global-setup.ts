// Vitest's global setup: the collector suites run on PostgreSQL as well as PGlite whenever the
// machine has PostgreSQL, not only when KEHU_TEST_DATABASE_URL is set. Without that variable but
// with Debian's PostgreSQL binaries installed, one throwaway cluster is started here for the whole
// run (postgres-server.ts) and its address set in the variable; the test workers inherit it, and
// every suite takes a schema or a database of its own on it. It is stopped and removed after the
// run. Only a developer's machine without PostgreSQL at all skips the PostgreSQL half (backends.ts);
// under CI that is an error.
import { ownCluster, postgresBin } from './collector/postgres-server.ts';

export default async function setup(): Promise<(() => Promise<void>) | undefined> {
  if (process.env.KEHU_TEST_DATABASE_URL) return undefined;
  if (!postgresBin()) {
    // CI must run the PostgreSQL half, never skip it: .ci/run installs PostgreSQL for that.
    if (process.env.CI)
      throw new Error("CI is set but there is no PostgreSQL: install Debian's postgresql or set KEHU_TEST_DATABASE_URL");
    return undefined;
  }
  const db = await ownCluster();
  process.env.KEHU_TEST_DATABASE_URL = db.url;
  console.error(`PostgreSQL for the collector tests: a throwaway cluster at ${db.url.replace(/^.*@/, '')}`);
  return async () => {
    delete process.env.KEHU_TEST_DATABASE_URL;
    await db.close();
  };
}
