import { existsSync } from 'node:fs';

/** The system Chromium (Debian's `chromium`), or CHROMIUM_PATH. Playwright never downloads one here. */
export function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
  const found = candidates.find((c): c is string => Boolean(c) && existsSync(c!));
  if (!found) throw new Error('No Chromium found: install it (apt-get install chromium) or set CHROMIUM_PATH');
  return found;
}
