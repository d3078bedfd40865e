// Secrets (HashKey, HashIV) live only in the OS keychain and in main-process memory. The renderer
// can set them and ask whether they are set; `get` is for main-process code only.
import { createRequire } from 'node:module';
import { KeychainError } from './errors.ts';
import { msg } from '../contract/messages/render.ts';

export interface CredentialStore {
  readonly kind: 'keychain' | 'memory';
  set(account: string, secret: string): Promise<void>;
  has(account: string): Promise<boolean>;
  get(account: string): Promise<string | null>;
  delete(account: string): Promise<boolean>;
}

interface Keytar {
  setPassword(service: string, account: string, password: string): Promise<void>;
  getPassword(service: string, account: string): Promise<string | null>;
  deletePassword(service: string, account: string): Promise<boolean>;
}

export const DEFAULT_KEYCHAIN_SERVICE = 'recon-console';

const HOW_TO_FIX =
  process.platform === 'linux'
    ? 'install and unlock a Secret Service keychain (e.g. `apt install gnome-keyring libsecret-1-0`, then log in to a desktop session, ' +
      'or run `gnome-keyring-daemon --unlock --components=secrets` inside a D-Bus session)'
    : process.platform === 'darwin'
      ? 'unlock the login keychain (Keychain Access)'
      : 'make sure the Windows Credential Manager is available for this user';

function keychainError(err: unknown): KeychainError {
  const detail = err instanceof Error ? err.message.split('\n')[0] : String(err);
  return new KeychainError(`the OS keychain is not available (${detail}); ${HOW_TO_FIX}`, {
    cause: err,
    msg: msg('keychain.unavailable', { platform: process.platform, command: 'apt install gnome-keyring libsecret-1-0' }),
    detail,
  });
}

let keytarModule: Keytar | undefined;
function loadKeytar(): Keytar {
  if (keytarModule) return keytarModule;
  try {
    const require = createRequire(import.meta.url);
    keytarModule = require('keytar') as Keytar;
    return keytarModule;
  } catch (err) {
    throw keychainError(err);
  }
}

export class KeytarCredentialStore implements CredentialStore {
  readonly kind = 'keychain' as const;
  readonly service: string;
  constructor(service = DEFAULT_KEYCHAIN_SERVICE) {
    this.service = service;
  }
  private async call<T>(fn: (k: Keytar) => Promise<T>): Promise<T> {
    const keytar = loadKeytar();
    try {
      return await fn(keytar);
    } catch (err) {
      throw keychainError(err);
    }
  }
  async set(account: string, secret: string): Promise<void> {
    if (secret === '') throw new KeychainError('refusing to store an empty secret', { msg: msg('keychain.empty_secret') });
    await this.call((k) => k.setPassword(this.service, account, secret));
  }
  async has(account: string): Promise<boolean> {
    return (await this.get(account)) !== null;
  }
  async get(account: string): Promise<string | null> {
    return this.call((k) => k.getPassword(this.service, account));
  }
  async delete(account: string): Promise<boolean> {
    return this.call((k) => k.deletePassword(this.service, account));
  }
  /** Proves the keychain answers (a read of an account that need not exist). */
  async probe(): Promise<void> {
    await this.get('__probe__');
  }
}

/** Sandbox (demo) secrets only: kept in memory, gone when the app exits. Never used for real profiles. */
export class MemoryCredentialStore implements CredentialStore {
  readonly kind = 'memory' as const;
  private readonly secrets = new Map<string, string>();
  async set(account: string, secret: string): Promise<void> {
    this.secrets.set(account, secret);
  }
  async has(account: string): Promise<boolean> {
    return this.secrets.has(account);
  }
  async get(account: string): Promise<string | null> {
    return this.secrets.get(account) ?? null;
  }
  async delete(account: string): Promise<boolean> {
    return this.secrets.delete(account);
  }
}

export function keychainServiceFromEnv(env: Record<string, string | undefined> = process.env): string {
  return env.RECON_KEYCHAIN_SERVICE?.trim() || DEFAULT_KEYCHAIN_SERVICE;
}
