/** What this browser offers (WebGPU adapter, threads, memory, storage), detected once. */
import { useEffect, useState } from 'react';
import { detectCapabilities, type Capabilities } from 'qwen3-web';

/** `undefined` until detection finishes (a few milliseconds; it never throws). */
export function useCapabilities(): Capabilities | undefined {
  const [caps, setCaps] = useState<Capabilities>();
  useEffect(() => {
    let live = true;
    void detectCapabilities().then((detected) => {
      if (live) setCaps(detected);
    });
    return () => {
      live = false;
    };
  }, []);
  return caps;
}
