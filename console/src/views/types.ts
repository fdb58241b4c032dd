import type { Key } from '../strings.ts';

/** A view's text lookup in the chosen language. */
export type T = (key: Key, params?: Record<string, string | number>) => string;
