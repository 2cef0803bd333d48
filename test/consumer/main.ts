/**
 * A minimal app that uses the built package exactly as an app that installed
 * it from npm would: `import … from 'qwen3-web'`, no extra configuration.
 */
import { createQwen3Client, Qwen3Error } from 'qwen3-web';

const params = new URLSearchParams(location.search);
const status = document.getElementById('status')!;
const reply = document.getElementById('reply')!;

async function main(): Promise<void> {
  const client = createQwen3Client();
  await client.load({ model: params.get('model') ?? 'qwen3-web/Qwen3-Tiny-ONNX', host: params.get('host') ?? undefined, device: 'wasm' });
  status.textContent = 'loaded';
  for await (const event of client.chat([{ role: 'user', content: 'Hello' }], { thinking: false, maxNewTokens: 8, temperature: 0 })) {
    if (event.type === 'text-delta') reply.textContent += event.text;
    if (event.type === 'finish') status.textContent = `done:${event.usage.completionTokens}`;
  }
}

main().catch((error: unknown) => {
  status.textContent = `error:${Qwen3Error.isInstance(error) ? error.code : String(error)}`;
});
