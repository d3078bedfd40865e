export const root: string;
export function readBuilderConfig(file?: string): Record<string, unknown>;
export function makeStandInElectronDist(dir: string): string;
export function packageDir(options: {
  outDir: string;
  electronDist?: string;
  fuses?: 'release' | 'test' | 'none';
  config?: Record<string, unknown>;
  edit?: (cfg: Record<string, unknown>) => void;
  quiet?: boolean;
  /** With electronDist: build with no network (Linux: an empty network namespace). Default true. */
  offline?: boolean;
}): string;
