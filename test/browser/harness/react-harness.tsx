/**
 * The page the React browser tests drive. It mounts `<Qwen3Chat>` or a
 * custom UI on `useQwen3Chat` — exactly as an app would, from the public
 * `qwen3-web/react` entry — according to the URL's query parameters:
 *
 * - `scenario`: `single` (default), `two` (two chats, same model), `hook` (a
 *   custom UI with controlled messages and thinking), `xss` (untrusted
 *   Markdown injected as history), `own-client` (the chat on a client the
 *   page made, exposed as `window.__client`);
 * - `host`, `model`, `device`: where the model comes from;
 * - `theme`, `width`: presentation; `hostile=1` adds aggressive global CSS;
 *   `nonce=N` passes a CSP nonce for the component's stylesheet;
 * - `thinking=0|1`, `budget=N|inf`, `maxNewTokens=N`, `temperature=T`, `autoLoad=0`,
 *   `contextWindow=N`;
 * - `demo=1`: starts from a sample conversation (for screenshots);
 * - `tools=clock`: a `get_time` tool the chat runs (counted in
 *   `__record.toolRuns`), which the reply to a message is made to call
 *   (`toolChoice`), two replies per message at most.
 *
 * `window.__setView({ theme, width })` changes the presentation without a
 * reload (the chat and its loaded model stay).
 */
import { StrictMode, useEffect, useState, type ReactElement } from 'react';
import { createRoot } from 'react-dom/client';
import { createQwen3Client, type Qwen3Client } from '../../../src/index.js';
import { Qwen3Chat, useQwen3Chat, type ChatFinishInfo, type Qwen3ChatProps } from '../../../src/react/index.js';
import type { ChatMessage, Device } from '../../../src/types.js';

const params = new URLSearchParams(location.search);
const scenario = params.get('scenario') ?? 'single';
const numberParam = (name: string): number | undefined => (params.has(name) ? Number(params.get(name)) : undefined);
const budgetParam = params.get('budget');
type Theme = 'light' | 'dark' | undefined;
type View = { theme: Theme; width: number | undefined };
const asTheme = (value: string | null | undefined): Theme => (value === 'dark' || value === 'light' ? value : undefined);
const theme = asTheme(params.get('theme'));

/** What the tests read back. */
const record = {
  finishes: [] as Array<{ reason: string; text: string; reasoningTokens: number | undefined }>,
  errors: [] as Array<{ code: string; message: string }>,
  toolRuns: 0,
};

declare global {
  interface Window {
    __workerCount: number;
    __record: typeof record;
    __xss?: unknown;
    __setView: (view: View) => void;
    __client?: Qwen3Client;
  }
}
window.__record = record;

function onFinish(info: ChatFinishInfo): void {
  const reasoning = info.message.content.find((part) => part.type === 'reasoning');
  const text = info.message.content.flatMap((part) => (part.type === 'text' ? [part.text] : [])).join('');
  record.finishes.push({ reason: info.reason, text, reasoningTokens: reasoning?.type === 'reasoning' ? reasoning.tokens : undefined });
}

const common: Qwen3ChatProps = {
  model: params.get('model') ?? undefined,
  host: params.get('host') ?? undefined,
  device: (params.get('device') as Device | null) ?? undefined,
  defaultThinking: params.get('thinking') === '0' ? false : undefined,
  defaultThinkingBudget: budgetParam === null ? undefined : budgetParam === 'inf' ? Infinity : Number(budgetParam),
  autoLoad: params.get('autoLoad') !== '0',
  contextWindow: numberParam('contextWindow'),
  shared: params.get('shared') === '1' ? true : undefined,
  nonce: params.get('nonce') ?? undefined,
  chatOptions: {
    maxNewTokens: numberParam('maxNewTokens') ?? 24,
    ...(params.has('temperature') && { temperature: numberParam('temperature') }),
    ...(params.get('tools') === 'clock' && { toolChoice: { type: 'tool', toolName: 'get_time' } as const }),
  },
  ...(params.get('tools') === 'clock' && {
    tools: [
      {
        name: 'get_time',
        description: 'The time now, as HH:MM.',
        execute: () => {
          record.toolRuns++;
          return '14:05';
        },
      },
    ],
    maxToolSteps: 2,
  }),
  onFinish,
  onError: (error) => record.errors.push({ code: error.code, message: error.message }),
};

const DEMO: ChatMessage[] = [
  { role: 'user', content: 'What makes Qwen3 good for running in a browser?' },
  {
    role: 'assistant',
    content: [
      {
        type: 'reasoning',
        text: 'The user asks about browser suitability. Small sizes (0.6B), ONNX exports, WebGPU, quantisation…',
        state: 'done',
        durationMs: 2840,
        tokens: 96,
      },
      {
        type: 'text',
        text:
          'A few things make it a good fit:\n\n' +
          '1. **Small sizes** — the 0.6B model quantised to 4 bits is about 570 MB.\n' +
          '2. **Thinking on demand** — you choose how long it reasons with a *budget*.\n' +
          '3. **Runs locally** — on WebGPU, or WASM as a fallback.\n\n' +
          '```ts\nimport { Qwen3Chat } from "qwen3-web/react";\n```\n\n' +
          'See the [model card](https://huggingface.co/Qwen/Qwen3-0.6B) for details.',
      },
    ],
  },
];

/** Untrusted Markdown as it could come from a model: none of it may run. */
const XSS: ChatMessage[] = [
  { role: 'user', content: 'Payloads <img src=x onerror="window.__xss=\'user\'">' },
  {
    role: 'assistant',
    content: [
      { type: 'reasoning', text: '<img src=x onerror="window.__xss=\'reasoning\'">', state: 'done', durationMs: 120, tokens: 3 },
      {
        type: 'text',
        text: [
          'Inline HTML: <img src=x onerror="window.__xss=\'img\'"> and <script>window.__xss="script"</script>',
          '<iframe src="javascript:window.__xss=\'iframe\'"></iframe>',
          '[click me](javascript:window.__xss=\'link\')',
          '[data link](data:text/html,<script>window.__xss=1</script>)',
          '![picture](javascript:window.__xss=\'image\')',
          '![tracker](http://127.0.0.1:9/pixel.png)',
          '<a href="javascript:window.__xss=\'raw-a\'">raw anchor</a>',
          '<svg onload="window.__xss=\'svg\'"></svg>',
          '[safe](https://example.com/docs) and **bold**',
        ].join('\n\n'),
      },
    ],
  },
];

/** A custom UI on the hook: controlled messages and thinking, the reply's stats. */
function HookChat(): ReactElement {
  const [messages, setMessages] = useState<readonly ChatMessage[]>([]);
  const [thinking, setThinking] = useState(params.get('thinking') !== '0');
  const [draft, setDraft] = useState('');
  const chat = useQwen3Chat({ ...common, messages, onMessagesChange: setMessages, thinking, onThinkingChange: setThinking });
  return (
    <div data-testid="hook-chat">
      <p data-testid="hook-status">{chat.status}</p>
      <label>
        <input type="checkbox" checked={thinking} onChange={(event) => chat.setThinking(event.target.checked)} /> think
      </label>
      <ol data-testid="hook-messages">
        {messages.map((message, index) => (
          <li key={index} data-role={message.role}>
            {typeof message.content === 'string'
              ? message.content
              : message.content.map((part, i) => (
                  <span key={i} data-part={part.type} data-state={part.type === 'reasoning' ? part.state : undefined}>
                    {part.type === 'tool-call' ? part.inputText : part.text}
                  </span>
                ))}
          </li>
        ))}
      </ol>
      <input aria-label="Prompt" value={draft} onChange={(event) => setDraft(event.target.value)} />
      <button type="button" onClick={() => void chat.sendMessage(draft)}>
        Ask
      </button>
      <button type="button" onClick={chat.stop}>
        Halt
      </button>
      {chat.stats && (
        <p data-testid="hook-stats">
          {JSON.stringify({ ttft: chat.stats.timeToFirstTokenMs, tps: chat.stats.tokensPerSecond, reasoning: chat.stats.reasoningTokens })}
        </p>
      )}
    </div>
  );
}

function App(): ReactElement {
  const [view, setView] = useState<View>({ theme, width: numberParam('width') });
  useEffect(() => {
    window.__setView = setView;
    if (view.theme) document.body.dataset.theme = view.theme;
    else delete document.body.dataset.theme;
  }, [view.theme]);
  const props: Qwen3ChatProps = { ...common, ...(view.theme && { theme: view.theme }) };
  const slot = (children: ReactElement, key: string): ReactElement => (
    <div className="slot" key={key} style={view.width ? { flex: 'none', width: `${view.width}px` } : undefined}>
      {children}
    </div>
  );
  switch (scenario) {
    case 'two':
      return <>{[slot(<Qwen3Chat {...props} title="Left" />, 'a'), slot(<Qwen3Chat {...props} title="Right" />, 'b')]}</>;
    case 'hook':
      return <HookChat />;
    case 'own-client':
      window.__client ??= createQwen3Client();
      return slot(<Qwen3Chat {...props} client={window.__client} />, 'own');
    case 'xss':
      return slot(<Qwen3Chat {...props} autoLoad={false} initialMessages={XSS} />, 'xss');
    default:
      return slot(<Qwen3Chat {...props} initialMessages={params.get('demo') === '1' ? DEMO : undefined} />, 'one');
  }
}

if (params.get('hostile') === '1') {
  // A host page with aggressive global rules: they must not reach into the component.
  const style = document.createElement('style');
  style.textContent = `
    * { box-sizing: content-box; }
    button { background: #ff0; text-transform: uppercase; padding: 20px; border: 4px dashed red; }
    p, li { margin: 40px; color: red; font-size: 30px; }
    textarea, input { border: 5px solid lime; font-size: 40px; }
    h2 { font-size: 60px; }
    div { line-height: 3; }
    .host-button { background: rgb(0, 128, 0); }
  `;
  document.head.append(style);
  const hostButton = document.createElement('button');
  hostButton.className = 'host-button';
  hostButton.textContent = 'Host button';
  hostButton.id = 'host-button';
  document.body.prepend(hostButton);
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
document.getElementById('status')!.textContent = 'ready';
