/**
 * The first demo page: loads Qwen3-0.6B from the hub (or, when the hub is
 * unreachable, offers the tiny local test model) and streams a reply.
 */
import { createQwen3Client, Qwen3Error, type LoadOptions } from 'qwen3-web';

const params = new URLSearchParams(location.search);
const localHub = import.meta.env['VITE_LOCAL_HUB'] as string | undefined;
const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

const client = createQwen3Client();
let controller: AbortController | undefined;

function formatBytes(bytes: number): string {
  return bytes > 1e9 ? `${(bytes / 1e9).toFixed(2)} GB` : `${(bytes / 1e6).toFixed(1)} MB`;
}

async function load(options: LoadOptions): Promise<void> {
  $('offer-local').hidden = true;
  $('load-status').textContent = `Loading ${options.model} from ${options.host}…`;
  try {
    const loaded = await client.load({
      ...options,
      onProgress: (progress) => {
        $<HTMLProgressElement>('load-progress').value = progress.fraction;
        $('load-status').textContent = `${progress.phase}: ${formatBytes(progress.loaded)} of ${formatBytes(progress.total)}`;
      },
    });
    $('load-status').textContent = `Ready: ${loaded.model} on ${loaded.device} (${loaded.dtype}), loaded in ${(loaded.loadMs / 1000).toFixed(1)} s.`;
    $('chat').hidden = false;
  } catch (error) {
    const message = Qwen3Error.isInstance(error) ? `${error.code}: ${error.message}` : String(error);
    $('load-status').textContent = `Could not load the model. ${message}`;
    if (localHub && options.host !== localHub) $('offer-local').hidden = false;
  }
}

$('use-local').addEventListener('click', () => {
  void load({ model: 'qwen3-web/Qwen3-Tiny-ONNX', host: localHub!, device: 'wasm' });
});

$('chat').addEventListener('submit', (event) => {
  event.preventDefault();
  void (async () => {
    controller = new AbortController();
    $<HTMLButtonElement>('send').disabled = true;
    $<HTMLButtonElement>('stop').disabled = false;
    $('reasoning').textContent = '';
    $('answer').textContent = '';
    $('stats').textContent = '';
    try {
      const messages = [{ role: 'user' as const, content: $<HTMLTextAreaElement>('prompt').value }];
      for await (const event of client.chat(messages, { maxNewTokens: 256, thinkingBudget: 64, signal: controller.signal })) {
        if (event.type === 'reasoning-delta') $('reasoning').textContent += event.text;
        if (event.type === 'text-delta') $('answer').textContent += event.text;
        if (event.type === 'finish') {
          const { timings, usage } = event;
          $('stats').textContent = `${event.reason} · first token ${timings.timeToFirstTokenMs.toFixed(0)} ms · ${timings.decodeTokensPerSecond.toFixed(1)} tokens/s · ${usage.reasoningTokens} reasoning + ${usage.completionTokens} answer tokens`;
        }
      }
    } catch (error) {
      $('stats').textContent = Qwen3Error.isInstance(error) ? `${error.code}: ${error.message}` : String(error);
    } finally {
      $<HTMLButtonElement>('send').disabled = false;
      $<HTMLButtonElement>('stop').disabled = true;
    }
  })();
});

$('stop').addEventListener('click', () => controller?.abort());

void load({
  model: params.get('model') ?? 'onnx-community/Qwen3-0.6B-ONNX',
  host: params.get('host') ?? 'https://huggingface.co',
  device: (params.get('device') as LoadOptions['device']) ?? 'auto',
  dtype: (params.get('dtype') as LoadOptions['dtype']) ?? 'auto',
});
