/**
 * The client's link to its worker: the comlink proxy, crash detection, and a
 * fresh worker on demand — after a GPU failure the old worker's runtime cannot
 * be trusted (transformers.js chains every later run onto the failed one).
 */
import { releaseProxy, wrap, type Remote } from 'comlink';
import { Qwen3Error, toQwen3Error } from '../errors.js';
import type { SharedEngineApi } from '../protocol.js';

/** Where the engine runs: the client's own worker, or the origin's shared one. */
export interface EngineHost {
  /** What comlink talks over: the worker, or the shared worker's port. */
  readonly endpoint: Worker | MessagePort;
  /** Fires `error` when the worker fails to start or crashes. */
  readonly errors: EventTarget;
  /** Ends this client's link (a shared worker lives on for the other tabs). */
  close(): void;
}

/** A host for a dedicated worker. */
export function dedicatedHost(worker: Worker): EngineHost {
  return { endpoint: worker, errors: worker, close: () => worker.terminate() };
}

/** A host for this tab's port to a shared worker. */
export function sharedHost(worker: SharedWorker): EngineHost {
  worker.port.start();
  return { endpoint: worker.port, errors: worker, close: () => worker.port.close() };
}

/** A live worker and the engine inside it. */
export class WorkerConnection {
  /** `watchTab` is there on a shared worker only. */
  engine!: Remote<SharedEngineApi>;
  private host!: EngineHost;
  private failure: Qwen3Error | undefined;
  private readonly failureListeners = new Set<(error: Qwen3Error) => void>();

  /**
   * @param spawn Creates a new worker; `undefined` when the app handed in a
   * `Worker` instance, which cannot be recreated, and for the shared worker,
   * which the other tabs still use.
   */
  constructor(
    first: EngineHost,
    private readonly spawn: (() => EngineHost) | undefined,
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
    if (!this.spawn) throw new Qwen3Error('UNSUPPORTED', 'This worker cannot be restarted: the app supplied it, or other tabs share it.');
    this.replace(this.spawn(), new Qwen3Error('WORKER_FAILED', 'The worker was restarted.'));
  }

  /** Moves to `host`; calls in flight on the old one fail with `reason`. */
  replace(host: EngineHost, reason: Qwen3Error): void {
    this.close(reason);
    this.failure = undefined;
    this.attach(host);
  }

  /** Terminates the worker; calls in flight fail with `reason`. */
  close(reason: Qwen3Error): void {
    for (const listener of [...this.failureListeners]) listener(reason);
    this.engine[releaseProxy]();
    this.host.close();
  }

  private attach(host: EngineHost): void {
    this.host = host;
    this.engine = wrap<SharedEngineApi>(host.endpoint);
    host.errors.addEventListener('error', (event) => {
      event.preventDefault();
      if (this.host !== host) return;
      this.failure = new Qwen3Error(
        'WORKER_FAILED',
        `The qwen3-web worker failed to start or crashed (${(event as ErrorEvent).message || 'no message'}). Reload the page; if it persists, check that the worker file is served.`,
      );
      for (const listener of [...this.failureListeners]) listener(this.failure);
    });
  }
}
