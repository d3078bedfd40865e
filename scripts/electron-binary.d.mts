export function findElectronBinary(env?: Record<string, string | undefined>): { binary: string; why?: undefined } | { why: string; binary?: undefined };
