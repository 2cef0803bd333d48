/**
 * The JSON card: pulls a person's facts out of a sentence as an object of a
 * fixed schema (lib/demo-json.ts). The model thinks freely first; its answer
 * is constrained to the schema, so the result always parses and matches —
 * on the random test model too, whose values are nonsense of the right types.
 */
import { useId, useRef, useState, type ReactElement } from 'react';
import { Qwen3Error } from 'qwen3-web';
import type { ChatClient } from 'qwen3-web/react';
import { extractPerson, PERSON_SCHEMA, SAMPLE_TEXT, type Extraction } from '../lib/demo-json.js';
import { PanelSection } from './panel-section.js';

type CardState = { kind: 'idle' } | { kind: 'running' } | { kind: 'done'; result: Extraction } | { kind: 'failed'; message: string };

export interface JsonCardProps {
  client: ChatClient;
  /** False until the model is loaded. */
  ready: boolean;
  /** The reasoning budget (small on the test model, whose reasoning is noise). */
  thinkingBudget: number;
}

export function JsonCard({ client, ready, thinkingBudget }: JsonCardProps): ReactElement {
  const id = useId();
  const [text, setText] = useState(SAMPLE_TEXT);
  const [state, setState] = useState<CardState>({ kind: 'idle' });
  const controller = useRef<AbortController | undefined>(undefined);
  const running = state.kind === 'running';

  const extract = async (): Promise<void> => {
    controller.current = new AbortController();
    setState({ kind: 'running' });
    try {
      setState({ kind: 'done', result: await extractPerson(client, text, { thinkingBudget, signal: controller.current.signal }) });
    } catch (error) {
      setState({ kind: 'failed', message: Qwen3Error.isInstance(error) ? error.message : String(error) });
    }
  };

  return (
    <PanelSection title="JSON" className="json-card">
      <label className="json-card__label" htmlFor={id}>
        Facts about a person, as JSON of a fixed schema. The model thinks first; its answer is held to the schema token by token.
      </label>
      <textarea id={id} className="json-card__input" rows={3} value={text} onChange={(event) => setText(event.target.value)} />
      <div className="json-card__actions">
        {running ? (
          <button type="button" className="button button--small" onClick={() => controller.current?.abort()}>
            Stop
          </button>
        ) : (
          <button type="button" className="button button--primary button--small" disabled={!ready || text.trim() === ''} onClick={() => void extract()}>
            Extract
          </button>
        )}
        <span className="json-card__status" role="status">
          {running && 'Thinking, then writing JSON…'}
          {state.kind === 'done' && (state.result.object === undefined ? 'Cut off before the JSON ended.' : `Matches the schema · ${(state.result.totalMs / 1000).toFixed(1)} s, ${state.result.reasoningTokens} reasoning tokens`)}
        </span>
      </div>
      {state.kind === 'done' && state.result.object !== undefined && <pre className="json-card__result">{JSON.stringify(state.result.object, null, 2)}</pre>}
      {state.kind === 'failed' && <p className="json-card__error">{state.message}</p>}
      <details className="json-card__schema">
        <summary>Schema</summary>
        <pre>{JSON.stringify(PERSON_SCHEMA, null, 2)}</pre>
      </details>
    </PanelSection>
  );
}
