// Every API method's input is a schema of shared/src/model/extension-api.ts (or another shared
// model module), never a shape written inline beside its handler: the boundary has one source.
import { describe, expect, it } from 'vitest';
import * as extensionApi from '#shared/model/extension-api.ts';
import * as model from '#shared/model/index.ts';
import { METHODS } from '../../../extension/src/api/methods.ts';

describe('the extension API’s inputs', () => {
  it('are all declared in the shared model', () => {
    const shared = new Set<unknown>([...Object.values(extensionApi), ...Object.values(model)]);
    const inline = Object.entries(METHODS)
      .filter(([, method]) => !shared.has(method.input))
      .map(([name]) => name);
    expect(inline).toEqual([]);
  });
});
