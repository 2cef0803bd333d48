/**
 * One tab of the shared-engine bench (scripts/bench-tabs.ts): a client, in
 * the origin's shared worker with `?shared`, else in its own worker; loads,
 * and times a reply's first token as the page sees it and as the engine does.
 */
import { createQwen3Client, type ChatMessage } from '../../../src/index.js';

const client = createQwen3Client({ shared: new URLSearchParams(location.search).has('shared') });

const api = {
  shared: () => client.shared,
  async load(host: string, model: string): Promise<number> {
    return (await client.load({ host, model, device: 'wasm', dtype: 'fp32', warmUp: false })).loadMs;
  },
  /** Page-side and engine-side time to the first token of a short greedy reply. */
  async firstToken(messages: ChatMessage[]): Promise<{ pageMs: number; engineMs: number }> {
    const started = performance.now();
    let pageMs = Number.NaN;
    for await (const event of client.chat(messages, { thinking: false, temperature: 0, maxNewTokens: 4 })) {
      if (Number.isNaN(pageMs) && (event.type === 'text-delta' || event.type === 'reasoning-delta')) pageMs = performance.now() - started;
      if (event.type === 'finish') return { pageMs, engineMs: event.timings.timeToFirstTokenMs };
    }
    throw new Error('no finish event');
  },
  /** What a shared worker offers here (probe-worker.ts), next to this page. */
  probeSharedWorker(): Promise<{ webgpuApi: boolean; webgpuAdapter: boolean; isolated: boolean; pageIsolated: boolean }> {
    const worker = new SharedWorker(new URL('./probe-worker.ts', import.meta.url), { type: 'module', name: 'qwen3-web-probe' });
    return new Promise((resolve) => {
      worker.port.onmessage = (event) => resolve({ ...(event.data as { webgpuApi: boolean; webgpuAdapter: boolean; isolated: boolean }), pageIsolated: crossOriginIsolated });
      worker.port.start();
    });
  },
};

declare global {
  interface Window {
    tabsBench: typeof api;
  }
}
window.tabsBench = api;
document.getElementById('status')!.textContent = 'ready';
