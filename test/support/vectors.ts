// The golden vectors from shared/vectors, kept in the repo so a clone tests on its own; a test
// checks the copies still equal shared/ wherever shared/ sits beside the clone. vendor-shapes.json
// (issue #20) exists only here: vendor-shapes.gen.py writes it, and docs/VENDOR-SHAPES.md explains it.
import { readFileSync } from 'node:fs';

export type VectorFileName = 'flashpay.json' | 'firstbank.json' | 'vendor-shapes.json';

export function vectorFile(name: VectorFileName): URL {
  return new URL(`../fixtures/vectors/${name}`, import.meta.url);
}

export function readVectors<T>(name: VectorFileName): T {
  return JSON.parse(readFileSync(vectorFile(name), 'utf8')) as T;
}

export interface FirstBankVendorVector {
  source: string;
  kind: 'trade' | 'notify';
  fields: Record<string, string>;
  keyPrefix: string;
  seed: { canonical: string; expected: string };
  plugin: { canonical: string; expected: string };
}

export interface VendorShapes {
  flashpay: {
    credentials: { merId: string; hashKey: string; hashIv: string };
    tradeAmounts: Array<{ client: string; text: string; cents: number }>;
    envelopes: Array<{ source: string; json: string; ver: string; mid: string; dat: string; key: string; chk: string }>;
    range106: { maxSpanDays: number; allowed: { start_date: string; end_date: string }; refused: { start_date: string; end_date: string } };
  };
  firstbank: {
    hashKey: string;
    vectors: FirstBankVendorVector[];
    forgery: { source: string; originalSignature: string; glueHex: string; appended: string; forgedSignature: string; body: string };
  };
}

export function readVendorShapes(): VendorShapes {
  return readVectors<VendorShapes>('vendor-shapes.json');
}
