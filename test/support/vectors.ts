// The golden vectors from shared/vectors, kept in the repo so a clone tests on its own; a test
// checks the copies still equal shared/ wherever shared/ sits beside the clone.
import { readFileSync } from 'node:fs';

export function vectorFile(name: 'flashpay.json' | 'firstbank.json'): URL {
  return new URL(`../fixtures/vectors/${name}`, import.meta.url);
}

export function readVectors<T>(name: 'flashpay.json' | 'firstbank.json'): T {
  return JSON.parse(readFileSync(vectorFile(name), 'utf8')) as T;
}
