/** "Embed it in your app": the install command and the one-line component, for the model on screen. */
import type { ReactElement, ReactNode } from 'react';
import { DEFAULT_HOST, DEFAULT_MODEL, type DemoSettings } from '../lib/settings.js';
import { CopyButton } from './copy-button.js';
import { PanelSection } from './panel-section.js';

const INSTALL = 'npm install qwen3-web';

/** The component with the props that differ from its defaults. */
function componentCode(model: string, host: string): string {
  const props = [model === DEFAULT_MODEL ? '' : ` model="${model}"`, host === DEFAULT_HOST ? '' : ` host="${host}"`].join('');
  return `import { Qwen3Chat } from 'qwen3-web/react';

export default function App() {
  return <Qwen3Chat${props} />;
}`;
}

/** The snippet card, for the model and host on screen (the defaults while the test model is). */
export function EmbedSnippet({ settings, testModel }: { settings: DemoSettings; testModel: boolean }): ReactElement {
  // The random-weight test model, on a local hub, is no one's production choice.
  const code = testModel ? componentCode(DEFAULT_MODEL, DEFAULT_HOST) : componentCode(settings.model, settings.host);
  return (
    <PanelSection title="Embed it in your app" className="embed">
      <CodeBlock caption="Terminal" copyLabel="Copy the install command" text={INSTALL}>
        <span className="code__prompt">$ </span>
        {INSTALL}
      </CodeBlock>
      <CodeBlock caption="App.tsx" copyLabel="Copy the component code" text={code}>
        {code}
      </CodeBlock>
      <p className="muted small">Runs in a Web Worker on WebGPU or WASM; weights stay in the browser's IndexedDB.</p>
    </PanelSection>
  );
}

function CodeBlock({ caption, copyLabel, text, children }: { caption: string; copyLabel: string; text: string; children: ReactNode }): ReactElement {
  return (
    <figure className="code">
      <figcaption className="code__header">
        <span>{caption}</span>
        <CopyButton text={text} label={copyLabel} />
      </figcaption>
      <pre>
        <code>{children}</code>
      </pre>
    </figure>
  );
}
