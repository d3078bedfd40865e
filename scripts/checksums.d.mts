export const SUMS_FILE: string;
export function writeChecksums(dir: string): Promise<Array<{ name: string; sha256: string }>>;
