// The entry of kehu.js, the script-tag build: the loader, with its functions as the global `Kehu`
// (set here rather than through esbuild's globalName, whose module wrapper costs bytes on every page).
import { close, init, open, track } from './loader.ts';

(globalThis as unknown as { Kehu: object }).Kehu = { init, open, close, track };
