/**
 * One engine for every tab of an origin. The shared worker
 * (worker/shared-entry.ts) holds one {@link Engine}; each tab connects
 * through its own port and gets a {@link TabConnection}, the same
 * `EngineApi` a private worker offers, so the client and everything above it
 * run unchanged. What this class adds is what several tabs need:
 *
 * - one load: a tab asking for the model the engine has (or is loading)
 *   gets it at once (or joins the load, with its progress); a different
 *   model or dtype while another tab uses this one is a `MODEL_CONFLICT`;
 * - request ids unique across tabs, so one tab's abort stops only its own;
 * - the model released when the last tab using it unloads or closes.
 */
import { Qwen3Error } from '../errors.js';
import { DEFAULT_HOST, DEFAULT_MODEL, DEFAULT_REVISION } from '../core/defaults.js';
import type { LoadRequest, ProgressSink } from '../protocol.js';
import type { LoadedModel, LoadProgress } from '../types.js';
import type { Engine } from './engine.js';

/** A load in progress, which tabs asking for the same model join. */
interface PendingLoad {
  request: LoadRequest;
  result: Promise<LoadedModel>;
  listeners: Set<ProgressSink>;
  /** Tabs waiting for it. */
  waiters: Set<number>;
  last: LoadProgress | undefined;
}

export class SharedEngine {
  private nextRequestId = 1;
  private pending: PendingLoad | undefined;
  /** The model loaded, once a load finished. */
  private current: LoadedModel | undefined;
  /** Tabs that loaded (or joined) the current model and have not unloaded it. */
  private readonly users = new Set<number>();

  /**
   * @param lifetime The name of the Web Lock the worker holds while it lives
   * (lifetime-lock.ts), once held.
   */
  constructor(
    readonly engine: Engine,
    readonly lifetime: Promise<string>,
  ) {}

  /** A request id no other tab uses. */
  requestId(): number {
    return this.nextRequestId++;
  }

  /** `tab`'s load: the current model when it fits, a join of the same load, or a new load when no other tab holds a model. */
  async load(tab: number, request: LoadRequest, onProgress: ProgressSink | undefined, aborted: Promise<never>): Promise<LoadedModel> {
    if (this.current && !this.pending && fits(request, this.current)) {
      this.users.add(tab);
      return this.current;
    }
    let pending = this.pending;
    if (!pending || !sameModel(request, pending.request)) {
      const others = [...this.users, ...(pending?.waiters ?? [])].filter((other) => other !== tab);
      if (others.length > 0) throw conflict(request, this.current ?? pending?.request);
      pending = this.start(request);
    }
    pending.waiters.add(tab);
    if (onProgress) {
      pending.listeners.add(onProgress);
      if (pending.last) void Promise.resolve(onProgress(pending.last)).catch(() => undefined);
    }
    try {
      const model = await Promise.race([pending.result, aborted]);
      this.users.add(tab);
      return model;
    } finally {
      pending.waiters.delete(tab);
      if (onProgress) pending.listeners.delete(onProgress);
      // The last tab waiting gave up: the load itself stops.
      if (this.pending === pending && pending.waiters.size === 0) this.engine.abortLoad();
    }
  }

  /** `tab` no longer uses the model; the last one out releases it. */
  async release(tab: number): Promise<void> {
    this.users.delete(tab);
    if (this.users.size > 0 || this.pending) return;
    this.current = undefined;
    await this.engine.unload();
  }

  private start(request: LoadRequest): PendingLoad {
    this.users.clear();
    this.current = undefined;
    const pending: PendingLoad = {
      request,
      listeners: new Set(),
      waiters: new Set(),
      last: undefined,
      result: Promise.resolve() as unknown as Promise<LoadedModel>,
    };
    pending.result = this.engine
      .load(request, (progress) => {
        pending.last = progress;
        for (const listener of pending.listeners) void Promise.resolve(listener(progress)).catch(() => undefined);
      })
      .then((model) => {
        if (this.pending === pending) this.current = model;
        return model;
      })
      .finally(() => {
        if (this.pending === pending) this.pending = undefined;
      });
    // Waiters see the failure; nobody else must see it unhandled.
    pending.result.catch(() => undefined);
    this.pending = pending;
    return pending;
  }
}

const modelOf = (request: LoadRequest) => ({
  model: request.model ?? DEFAULT_MODEL,
  host: (request.host ?? DEFAULT_HOST).replace(/\/+$/, ''),
  revision: request.revision ?? DEFAULT_REVISION,
});

/** Whether the loaded model is what `request` asks for (`auto` takes what is there). */
function fits(request: LoadRequest, loaded: LoadedModel): boolean {
  const wanted = modelOf(request);
  return (
    wanted.model === loaded.model &&
    wanted.host === loaded.host.replace(/\/+$/, '') &&
    (wanted.revision === loaded.revision || wanted.revision === loaded.commit) &&
    (request.dtype === undefined || request.dtype === 'auto' || request.dtype === loaded.dtype) &&
    (request.device === undefined || request.device === 'auto' || request.device === loaded.device) &&
    (request.contextWindow === undefined || request.contextWindow === loaded.contextWindow)
  );
}

/** Whether two requests load the same thing (a tab joining a load in progress). */
function sameModel(a: LoadRequest, b: LoadRequest): boolean {
  const [x, y] = [modelOf(a), modelOf(b)];
  const same = <T>(p: T | undefined, q: T | undefined) => p === q || p === undefined || p === 'auto' || q === undefined || q === 'auto';
  return x.model === y.model && x.host === y.host && x.revision === y.revision && same(a.dtype, b.dtype) && same(a.device, b.device) && a.contextWindow === b.contextWindow;
}

function conflict(request: LoadRequest, held: LoadedModel | LoadRequest | undefined): Qwen3Error {
  const wanted = modelOf(request);
  const heldModel = held?.model ?? DEFAULT_MODEL;
  const heldDtype = held?.dtype ?? 'auto';
  return new Qwen3Error(
    'MODEL_CONFLICT',
    `Another tab uses ${heldModel} (${heldDtype}) in the shared engine, so ${wanted.model} (${request.dtype ?? 'auto'}) cannot be loaded beside it: one model per origin keeps memory bounded. Load the same model, or use a client without \`shared\`.`,
    { details: { requested: { ...wanted, dtype: request.dtype ?? 'auto', device: request.device ?? 'auto' }, loaded: { model: heldModel, dtype: heldDtype } } },
  );
}
