/**
 * `<Qwen3Chat />` as a new user drops it in: no settings at all — no
 * thinking budget, no `maxNewTokens`, no sampling options. Only where the
 * model comes from is given (`?host=` and `?model=`: the local hub and the
 * tiny model), since the test machine cannot reach huggingface.co.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Qwen3Chat } from '../../../src/react/index.js';

const params = new URLSearchParams(location.search);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Qwen3Chat model={params.get('model') ?? undefined} host={params.get('host') ?? undefined} />
  </StrictMode>,
);
document.getElementById('status')!.textContent = 'ready';
