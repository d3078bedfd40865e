// Who is acting, for the length of one call on a team server: the services name the operator of an
// audit entry or action from the request or defaultOperator(), and a signed-in person's call must
// record that person, not the server's OS account, whatever the request said
// (shell/handlers.ts dispatchAs runs the handler inside runAsOperator). The role travels with the name
// because some rules hold only on a team server (two-person approval of large refunds): a call with no
// signed-in person is the single-user desktop, loopback web shell or CLI, which act as today.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Role } from '../contract/vocabulary.ts';

export interface SignedInPerson {
  name: string;
  role: Role;
}

const current = new AsyncLocalStorage<SignedInPerson>();

export function runAsOperator<T>(person: SignedInPerson, work: () => T): T {
  return current.run(person, work);
}

/** The signed-in person this call runs for, if any. */
export function signedInOperator(): string | undefined {
  return current.getStore()?.name;
}

/** The signed-in person (name and role) on a team server; undefined in single-user mode. */
export function signedInPerson(): SignedInPerson | undefined {
  return current.getStore();
}
