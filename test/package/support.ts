// Shared by the package tests: what they need to run, and the builds global-setup made.
import { spawnSync } from 'node:child_process';
import { inject } from 'vitest';
import type { BuiltPackage } from './build.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    packages: { good: BuiltPackage; broken: BuiltPackage } | null;
  }
}

/** Why the package cannot be built here, or null when it can. */
export function packagingUnavailable(): string | null {
  // The stand-in Electron distribution is the Linux layout; other systems build with the real one.
  if (process.platform !== 'linux') return `the stand-in Electron distribution is Linux-only (this is ${process.platform}); run npm run dist`;
  if (spawnSync('sh', ['-c', 'command -v npm']).status !== 0) return 'npm is not on PATH (electron-builder collects dependencies with it)';
  return null;
}

export function packages(): { good: BuiltPackage; broken: BuiltPackage } | null {
  return inject('packages');
}
