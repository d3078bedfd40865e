// Who is acting, for the length of one call on a team server: the services name the operator of an
// audit entry or action from the request or defaultOperator(), and a signed-in person's call must
// record that person, not the server's OS account, whatever the request said
// (shell/handlers.ts dispatchAs runs the handler inside runAsOperator).
import { AsyncLocalStorage } from 'node:async_hooks';

const current = new AsyncLocalStorage<string>();

export function runAsOperator<T>(name: string, work: () => T): T {
  return current.run(name, work);
}

/** The signed-in person this call runs for, if any. */
export function signedInOperator(): string | undefined {
  return current.getStore();
}
