/** The model download / load progress: a bar, bytes done and total, rate and time left. */
import type { ReactElement } from 'react';
import type { LoadProgress } from '../../types.js';
import { formatBytes, formatDuration, timeLeftMs } from '../format.js';

const PHASES: Record<LoadProgress['phase'], string> = {
  download: 'Downloading',
  cache: 'Loading from cache',
  compile: 'Preparing the model',
  ready: 'Ready',
};

/** The progress of the model load, indeterminate until sizes are known (and while compiling). */
export function LoadProgressBar({ progress, modelName }: { progress: LoadProgress | undefined; modelName: string }): ReactElement {
  const known = progress !== undefined && progress.total > 0;
  const fraction = known ? Math.min(1, Math.max(0, progress.fraction)) : 0;
  const percent = Math.floor(fraction * 100);
  const phase = progress ? PHASES[progress.phase] : 'Starting';
  const left = progress ? timeLeftMs(progress.loaded, progress.total, progress.bytesPerSecond) : undefined;
  const details: string[] = [];
  if (progress && known) details.push(`${formatBytes(progress.loaded)} of ${formatBytes(progress.total)}`);
  if (progress && progress.phase === 'download' && progress.bytesPerSecond > 0) details.push(`${formatBytes(progress.bytesPerSecond)}/s`);
  if (left !== undefined) details.push(`about ${formatDuration(left)} left`);
  const indeterminate = !known || progress.phase === 'compile';
  return (
    <div className="qwen3-chat__progress">
      <div className="qwen3-chat__progress-row">
        <span>
          {phase} {modelName}…
        </span>
        {!indeterminate && <span className="qwen3-chat__progress-percent">{percent}%</span>}
      </div>
      <div
        className="qwen3-chat__bar"
        role="progressbar"
        aria-label={`Loading ${modelName}`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={indeterminate ? undefined : percent}
        aria-valuetext={indeterminate ? phase : [`${percent}%`, ...details].join(', ')}
        data-indeterminate={indeterminate ? '' : undefined}
      >
        <div className="qwen3-chat__bar-fill" style={indeterminate ? undefined : { transform: `scaleX(${fraction})` }} />
      </div>
      <p className="qwen3-chat__progress-detail">
        {details.length > 0 ? details.join(' · ') : 'The model is downloaded once, then loads from your browser’s cache.'}
      </p>
    </div>
  );
}
