/** Figures of the last reply, from `<Qwen3Chat onFinish>`: speed, latency and token counts. */
import type { ReactElement } from 'react';
import type { ReplyStats } from 'qwen3-web/react';
import { formatMs, formatRate } from '../lib/format.js';
import { PanelSection } from './panel-section.js';

/** The last-reply card; a hint until the first reply finishes. */
export function LastReply({ stats }: { stats: ReplyStats | undefined }): ReactElement {
  return (
    <PanelSection title="Last reply" className="last-reply" aside={stats ? stopReason(stats.reason) : undefined}>
      {stats ? (
        <dl className="tiles">
          <Tile field="ttft" label="First token" value={formatMs(stats.timeToFirstTokenMs)} />
          <Tile field="tokens-per-second" label="Tokens / s" value={formatRate(stats.tokensPerSecond)} />
          <Tile field="reasoning-tokens" label="Reasoning tokens" value={String(stats.reasoningTokens)} />
          <Tile field="answer-tokens" label="Answer tokens" value={String(stats.answerTokens)} />
          <Tile field="prefill" label="Prompt tokens / s" value={formatRate(stats.timings.prefillTokensPerSecond)} />
          <Tile field="total" label="Total time" value={formatMs(stats.totalMs)} />
        </dl>
      ) : (
        <p className="muted">Send a message to see the time to first token, the speed and how long the model thought.</p>
      )}
    </PanelSection>
  );
}

function Tile({ field, label, value }: { field: string; label: string; value: string }): ReactElement {
  return (
    <div className="tile" data-field={field}>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}

function stopReason(reason: ReplyStats['reason']): string {
  return reason === 'stop' ? 'Complete' : reason === 'length' ? 'Hit the token limit' : reason === 'tool-calls' ? 'Called tools' : 'Stopped';
}
