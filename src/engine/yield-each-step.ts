/**
 * Makes every forward pass start on a fresh macrotask. On WASM, onnxruntime
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

/** Wraps `target.forward` so that each call first yields to the event loop. */
export function yieldBeforeEachForward(target: { forward: (...args: never[]) => Promise<unknown> }): void {
  const forward = target.forward.bind(target);
  target.forward = async (...args: never[]) => {
    await nextMacrotask();
    return forward(...args);
  };
}
