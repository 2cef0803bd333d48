/**
 * Folds per-file byte counts into the `LoadProgress` reports the caller sees:
 * totals over all files, the phase, and a transfer-rate estimate.
 */
import type { FileProgress, LoadPhase, LoadProgress } from '../types.js';

const WEIGHTS = /\.onnx(_data(_\d+)?)?$/;

/** Accumulates progress and reports it, at most every `intervalMs`. */
export class ProgressTracker {
  private readonly files = new Map<string, FileProgress>();
  private phase: LoadPhase = 'download';
  private lastReportAt = -Infinity;
  private rateSample = { at: 0, loaded: 0 };
  private bytesPerSecond = 0;

  constructor(
    private readonly report: (progress: LoadProgress) => void,
    private readonly now: () => number = () => performance.now(),
    private readonly intervalMs = 100,
  ) {
    this.rateSample.at = now();
  }

  /** Announces a file before its bytes arrive, so totals are right from the start. */
  expect(file: string, total: number, phase: LoadPhase): void {
    if (!this.files.has(file)) this.files.set(file, { file, loaded: 0, total: Math.max(0, total), done: false });
    this.phase = phase;
    this.emit(false);
  }

  /** Records bytes of one file. */
  update(file: string, loaded: number, total: number, phase: LoadPhase): void {
    const entry = this.files.get(file) ?? { file, loaded: 0, total: 0, done: false };
    entry.loaded = loaded;
    entry.total = Math.max(total, entry.total);
    entry.done = entry.total > 0 && loaded >= entry.total;
    this.files.set(file, entry);
    this.phase = this.allWeightsIn() ? 'compile' : phase;
    this.emit(entry.done);
  }

  /** Every known file is in and the weights are among them: ONNX Runtime is building the session. */
  private allWeightsIn(): boolean {
    const files = [...this.files.values()];
    return files.some((entry) => WEIGHTS.test(entry.file)) && files.every((entry) => entry.done);
  }

  /** Marks one file complete. */
  done(file: string): void {
    const entry = this.files.get(file);
    if (entry) {
      entry.done = true;
      entry.total = Math.max(entry.total, entry.loaded);
      entry.loaded = entry.total;
    }
    this.emit(true);
  }

  /** Moves to a phase with no bytes of its own (`compile`, `ready`). */
  setPhase(phase: LoadPhase): void {
    this.phase = phase;
    this.emit(true);
  }

  /** The current report. */
  snapshot(): LoadProgress {
    let loaded = 0;
    let total = 0;
    for (const entry of this.files.values()) {
      loaded += entry.loaded;
      total += entry.total;
    }
    return {
      phase: this.phase,
      loaded,
      total,
      fraction: this.phase === 'ready' ? 1 : total > 0 ? Math.min(1, loaded / total) : 0,
      bytesPerSecond: this.bytesPerSecond,
      files: [...this.files.values()].map((entry) => ({ ...entry })),
    };
  }

  private emit(force: boolean): void {
    const at = this.now();
    if (!force && at - this.lastReportAt < this.intervalMs) return;
    const progress = this.snapshot();
    const elapsed = at - this.rateSample.at;
    if (elapsed >= 250) {
      const instant = ((progress.loaded - this.rateSample.loaded) * 1000) / elapsed;
      // Smoothed so the "time left" a UI derives from it does not jump around.
      this.bytesPerSecond = this.bytesPerSecond === 0 ? instant : 0.7 * this.bytesPerSecond + 0.3 * instant;
      this.rateSample = { at, loaded: progress.loaded };
      progress.bytesPerSecond = this.bytesPerSecond;
    }
    this.lastReportAt = at;
    this.report(progress);
  }
}
