/**
 * The client's link to its worker: the comlink proxy, crash detection, and a
 * fresh worker on demand — after a GPU failure the old worker's runtime cannot
 * be trusted (transformers.js chains every later run onto the failed one).
 */
import { releaseProxy, wrap, type Remote } from 'comlink';
import { Qwen3Error, toQwen3Error } from '../errors.js';
import type { EngineApi } from '../protocol.js';

/** A live worker and the engine inside it. */
export class WorkerConnection {
  engine!: Remote<EngineApi>;
  private worker!: Worker;
  private failure: Qwen3Error | undefined;
  private readonly failureListeners = new Set<(error: Qwen3Error) => void>();

  /**
   * @param spawn Creates a new worker; `undefined` when the app handed in a
   * `Worker` instance, which cannot be recreated.
   */
  constructor(
    first: Worker,
    private readonly spawn: (() => Worker) | undefined,
  ) {
    this.attach(first);
  }

  /** True when a fresh worker can replace this one. */
  get canRespawn(): boolean {
    return this.spawn !== undefined;
  }

  /** The crash that ended the worker, if any. */
  get crashed(): Qwen3Error | undefined {
    return this.failure;
  }

  /**
   * Races a worker call against a crash or disposal, so nothing waits
   * forever. Whatever the call rejects with becomes a `Qwen3Error`: the error
   * transfer carries only `Qwen3Error`s whole, and leaves anything else the
   * worker throws to comlink's handler (a plain `Error`), which is `INTERNAL`.
   */
  guarded<T>(call: Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const onFailure = (error: Qwen3Error): void => reject(error);
      this.failureListeners.add(onFailure);
      call
        .then(resolve, (error: unknown) => reject(toQwen3Error(error)))
        .finally(() => this.failureListeners.delete(onFailure));
    });
  }

  /** Replaces the worker with a fresh one; calls in flight on the old one fail. */
  respawn(): void {
    if (!this.spawn) throw new Qwen3Error('UNSUPPORTED', 'The worker was supplied by the app and cannot be restarted.');
    this.close(new Qwen3Error('WORKER_FAILED', 'The worker was restarted.'));
    this.failure = undefined;
    this.attach(this.spawn());
  }

  /** Terminates the worker; calls in flight fail with `reason`. */
  close(reason: Qwen3Error): void {
    for (const listener of [...this.failureListeners]) listener(reason);
    this.engine[releaseProxy]();
    this.worker.terminate();
  }

  private attach(worker: Worker): void {
    this.worker = worker;
    this.engine = wrap<EngineApi>(worker);
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      if (this.worker !== worker) return;
      this.failure = new Qwen3Error(
        'WORKER_FAILED',
        `The qwen3-web worker failed to start or crashed (${event.message || 'no message'}). Reload the page; if it persists, check that the worker file is served.`,
      );
      for (const listener of [...this.failureListeners]) listener(this.failure);
    });
  }
}
