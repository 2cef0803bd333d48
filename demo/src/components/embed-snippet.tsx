/** "Embed it in your app": the install command and the one-line component, for the model on screen. */
import type { ReactElement } from 'react';
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
      <div className="code">
        <pre>
          <code>
            <span className="code__prompt">$ </span>
            {INSTALL}
          </code>
        </pre>
        <CopyButton text={INSTALL} label="Copy the install command" />
      </div>
      <div className="code">
        <pre>
          <code>{code}</code>
        </pre>
        <CopyButton text={code} label="Copy the component code" />
      </div>
      <p className="muted small">Runs in a Web Worker on WebGPU or WASM; weights stay in the browser's IndexedDB.</p>
    </PanelSection>
  );
}
