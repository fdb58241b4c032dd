// Paths to the data sets the tests, benchmarks and demo use.
import { fileURLToPath } from 'node:url';

/** The real Online Retail transactions (gzip CSV), kept in the repository. */
export const ONLINE_RETAIL_GZ = fileURLToPath(new URL('../data/online-retail/online-retail.csv.gz', import.meta.url));
