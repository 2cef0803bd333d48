/**
 * Makes forward passes start on a fresh macrotask. On WASM, onnxruntime
 * can finish a step without ever returning to the worker's event loop, so a
 * whole reply could run as one chain of microtasks: no `abort()` message would
 * be read and no batched events sent until the end. A MessageChannel hop costs
 * tens of microseconds, far less than a decoding step.
 */

const channel = typeof MessageChannel === 'undefined' ? undefined : new MessageChannel();
const waiting: Array<() => void> = [];
if (channel) channel.port1.onmessage = () => waiting.shift()?.();

/** Resolves on the next macrotask. */
export function nextMacrotask(): Promise<void> {
  return new Promise((resolve) => {
    if (!channel) {
      setTimeout(resolve, 0);
      return;
    }
    waiting.push(resolve);
    channel.port2.postMessage(null);
  });
}

/**
 * A step that starts this long after the last hop hops first. On a real model
 * every step takes longer than this, so every step hops; on a tiny one a few
 * steps share a hop, keeping its cost (about 0.1 ms in a busy worker) off most
 * steps while `abort()` and the 16 ms event batches still get through in time.
 */
const HOP_INTERVAL_MS = 8;

/** Wraps `target.forward` so that a call first yields to the event loop when a hop is due. */
export function yieldBetweenSteps(target: { forward: (...args: never[]) => Promise<unknown> }): void {
  const forward = target.forward.bind(target);
  let lastHop = -Infinity;
  target.forward = async (...args: never[]) => {
    if (performance.now() - lastHop >= HOP_INTERVAL_MS) {
      await nextMacrotask();
      lastHop = performance.now();
    }
    return forward(...args);
  };
}
