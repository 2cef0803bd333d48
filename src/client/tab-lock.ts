/**
 * A Web Lock this tab holds for as long as its client lives, so that the
 * shared engine learns when the tab is gone — closed, crashed or navigated
 * away, when no code of the tab runs to say so — and stops what the tab left
 * running (engine/tab-connection.ts).
 */

export interface TabLock {
  /** Resolves with the lock's name once it is held. */
  readonly held: Promise<string>;
  /** Lets the lock go (the client was disposed). */
  release(): void;
}

/** `undefined` where the browser has no Web Locks. */
export function holdTabLock(): TabLock | undefined {
  if (typeof navigator === 'undefined' || !navigator.locks) return undefined;
  const name = `qwen3-web-tab-${crypto.randomUUID()}`;
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
