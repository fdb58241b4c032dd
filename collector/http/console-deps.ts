// What the console's routes get from the app: a file of its own, so the route files of each
// console feature (console-alerts.ts, console-settings.ts, …) can name it without importing
// console.ts, which imports them.
import type { Levels } from '../console/levels.ts';
import type { Sql } from '../db/sql.ts';

export interface ConsoleDeps {
  sql: Sql;
  now: () => Date;
  levels: Levels;
  /** What follows a write: complaint cases, then levels. */
  afterWrite: () => Promise<void>;
  trustProxy: boolean;
  /** How many customers past a page the worklist counts before it says "more than" (default 10,000). */
  worklistCountAhead?: number;
  /** Where the built console files are (default dist/console/). */
  dir?: string;
  /** Told when a site key or token changed (so cached keys are forgotten). */
  onKeysChanged?: () => void;
}
