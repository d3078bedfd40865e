// Builds the packages the package tests share, once per run: the release configuration, and one
// configuration broken on purpose (see broken.ts). Skips (tests print why) where it cannot run.
import type { TestProject } from 'vitest/node';
import { buildPackage, configWith, pruneCache } from './build.ts';
import { breakConfig } from './broken.ts';
import { packagingUnavailable } from './support.ts';

export default function setup(project: TestProject): void {
  const why = packagingUnavailable();
  if (why) {
    console.log(`package tests skipped: ${why}`);
    project.provide('packages', null);
    return;
  }
  const good = buildPackage(configWith());
  const broken = buildPackage(configWith(breakConfig));
  pruneCache([good.key, broken.key]);
  project.provide('packages', { good, broken });
}
