/**
 * Coalescing UI updates: the worker sends batches of deltas, but the page
 * only needs one new snapshot per painted frame.
 */
import type { FrameScheduler } from './types.js';

/**
 * `requestAnimationFrame` where there is one, else a 16 ms timer (Node, some
 * test runners). In a hidden tab frames pause; the final state of a reply is
 * committed without waiting for one.
 */
export const animationFrameScheduler: FrameScheduler = (callback) => {
  if (typeof requestAnimationFrame === 'function') {
    const id = requestAnimationFrame(() => callback());
    return () => cancelAnimationFrame(id);
  }
  const id = setTimeout(callback, 16);
  return () => clearTimeout(id);
};
