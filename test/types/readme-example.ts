/**
 * The README's usage example, kept here so that `npm test` type-checks it.
 * It is compiled, not run (it would download Qwen3-0.6B).
 */
import { createQwen3Client, Qwen3Error } from '../../src/index.js';

export async function readmeExample(): Promise<void> {
  const client = createQwen3Client(); // spawns the worker
  await client.load({
    model: 'onnx-community/Qwen3-0.6B-ONNX',
    device: 'auto', // WebGPU when usable, else WASM
    onProgress: (p) => console.log(p.phase, Math.round(p.fraction * 100), '%'),
  });

  try {
    for await (const event of client.chat([{ role: 'user', content: 'Why is the sky blue?' }], { maxNewTokens: 512, thinkingBudget: 256 })) {
      if (event.type === 'reasoning-delta') console.log('[thinking]', event.text);
      if (event.type === 'text-delta') console.log(event.text);
      if (event.type === 'finish') console.log(event.reason, event.usage, event.timings);
    }
  } catch (error) {
    if (Qwen3Error.isInstance(error)) console.error(error.code, error.message);
  }
  client.dispose();
}
