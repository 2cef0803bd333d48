/**
 * Keeps one failed forward pass from failing every later one.
 *
 * transformers.js runs every ONNX session of the worker on one module-level
 * promise chain (`webInferenceChain = webInferenceChain.then(run)`). A run
 * that rejects — an allocation the WASM heap cannot hold, say — leaves the
 * chain rejected, and every later run in the worker, on any session, rejects
 * with that same old error. So each session's `run` here never rejects:
 * a failure resolves to outputs that throw the original error as soon as
 * transformers.js reads them, which it does at once, outside the chain. The
 * caller sees the same error; the chain stays usable.
 */

interface RunnableSession {
  run: (...args: unknown[]) => Promise<unknown>;
}

/** Outputs that throw `error` when enumerated or read. */
function failedOutputs(error: unknown): object {
  const fail = (): never => {
    throw error;
  };
  return new Proxy(
    {},
    {
      ownKeys: fail,
      has: fail,
      getOwnPropertyDescriptor: fail,
      // Resolving a promise reads `then`: it must not throw, or the chain rejects after all.
      get: (_target, key) => (key === 'then' ? undefined : fail()),
    },
  );
}

/** Wraps every ONNX session of `model` (transformers.js's `model.sessions`). */
export function keepRunsIndependent(model: unknown): void {
  const sessions = (model as { sessions?: Record<string, RunnableSession> }).sessions ?? {};
  for (const session of Object.values(sessions)) {
    const run = session.run.bind(session);
    session.run = (...args: unknown[]) => run(...args).catch(failedOutputs);
  }
}
