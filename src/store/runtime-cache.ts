/**
 * Keeps onnxruntime-web's own files (the WASM binary and its JS factory) in
 * the Cache API, so that a model loaded once also starts with the network
 * off. The cache name carries the runtime version: the `.wasm` must always
 * match the JS that loads it.
 */

type Fetch = (input: string | URL, init?: RequestInit) => Promise<Response>;

/** Wraps `fetch` so that requests for `urls` are answered from a versioned cache. */
export function withRuntimeCache(urls: readonly string[], version: string, fetchFn: Fetch): Fetch {
  const cacheName = `qwen3-web-runtime-${version}`;
  return async (input, init) => {
    const url = String(input);
    if (!urls.includes(url) || typeof caches === 'undefined') return fetchFn(input, init);
    const cache = await caches.open(cacheName);
    const hit = await cache.match(url);
    if (hit) return hit;
    const response = await fetchFn(url, init);
    if (response.ok) await cache.put(url, response.clone());
    return response;
  };
}
