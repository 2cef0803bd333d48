/**
 * A Web Lock held for as long as its holder lives: a tab's client, or the
 * shared engine's worker. Whoever waits for the same lock is granted it once
 * the holder is gone — closed, crashed, navigated away, when none of its code
 * runs to say so. The shared engine learns this way that a tab left
 * (engine/tab-connection.ts), and each tab that the engine's worker died
 * (client/create-client.ts).
 */

export interface LifetimeLock {
  /** Resolves with the lock's name once it is held. */
  readonly held: Promise<string>;
  /** Lets the lock go (the holder is done). */
  release(): void;
}

/** A lock named `${prefix}-<uuid>`; `undefined` where the browser has no Web Locks. */
export function holdLifetimeLock(prefix: string): LifetimeLock | undefined {
  if (typeof navigator === 'undefined' || !navigator.locks) return undefined;
  const name = `${prefix}-${crypto.randomUUID()}`;
  let release = (): void => undefined;
  const held = new Promise<string>((resolve) => {
    void navigator.locks.request(name, () => {
      resolve(name);
      return new Promise<void>((done) => {
        release = done;
      });
    });
  });
  return { held, release: () => release() };
}

/** Calls `gone` once the holder of `name` lets it go. */
export function whenReleased(name: string, gone: () => void | Promise<void>): void {
  if (typeof navigator === 'undefined' || !navigator.locks) return;
  void navigator.locks.request(name, () => gone());
}
