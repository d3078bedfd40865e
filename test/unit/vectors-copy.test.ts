// The repo's copies of the golden vectors must equal shared/vectors wherever that folder sits beside
// the clone (it does for developers and CI); a clone alone still tests against its copies.
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { vectorFile } from '../support/vectors.ts';

const shared = (name: string) => new URL(`../../../shared/vectors/${name}`, import.meta.url);
const haveShared = existsSync(fileURLToPath(shared('flashpay.json')));
if (!haveShared) console.warn('shared/vectors is not beside this clone: testing against the repo copies only');

describe.runIf(haveShared)('golden vector copies', () => {
  it.each(['flashpay.json', 'firstbank.json'] as const)('%s equals shared/vectors', (name) => {
    expect(readFileSync(vectorFile(name), 'utf8')).toBe(readFileSync(shared(name), 'utf8'));
  });
});
