// The configuration the tests break on purpose, in a copy (electron-builder.yml is never touched):
// the renderer is dropped from `files`, and keytar's binary from `asarUnpack`. Both defects go into
// one build to keep CI fast; each is caught by its own check and its own test.
type BuilderConfig = Record<string, unknown>;

export const DROPPED_FROM_FILES = 'dist/renderer';
export const DROPPED_FROM_UNPACK = 'node_modules/keytar/build/Release/keytar.node';

export function breakConfig(cfg: BuilderConfig): void {
  const files = cfg.files as string[];
  cfg.files = files.flatMap((f) => (f === 'dist/**/*' ? ['dist/electron/**/*'] : [f]));
  if (JSON.stringify(cfg.files) === JSON.stringify(files)) throw new Error('electron-builder.yml changed: update breakConfig');
  const unpack = cfg.asarUnpack as string[];
  cfg.asarUnpack = unpack.filter((p) => !p.includes('keytar'));
  if ((cfg.asarUnpack as string[]).length === unpack.length) throw new Error('electron-builder.yml changed: update breakConfig');
}
