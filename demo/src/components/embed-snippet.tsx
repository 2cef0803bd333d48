/** "Embed it in your app": the install command and the one-line component, for the model on screen. */
import type { ReactElement, ReactNode } from 'react';
import { DEFAULT_MODEL } from '../lib/settings.js';
import { CopyButton } from './copy-button.js';
import { PanelSection } from './panel-section.js';

const INSTALL = 'npm install qwen3-web';

function componentCode(model: string): string {
  const props = model === DEFAULT_MODEL ? '' : ` model="${model}"`;
  return `import { Qwen3Chat } from 'qwen3-web/react';

export default function App() {
  return <Qwen3Chat${props} />;
}`;
}

export function EmbedSnippet({ model, testModel }: { model: string; testModel: boolean }): ReactElement {
  // The random-weight test model is no one's production choice.
  const code = componentCode(testModel ? DEFAULT_MODEL : model);
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
