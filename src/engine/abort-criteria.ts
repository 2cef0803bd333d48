/**
 * Stops `generate()` at the next step once a request is aborted. An
 * `AbortSignal` cannot cross to the worker, so the client's `abort()` call
 * flips this flag, and generation ends within one decoding step.
 */
import { StoppingCriteria } from '@huggingface/transformers';

/** A stopping criterion driven by a predicate. */
export class AbortCriteria extends StoppingCriteria {
  constructor(private readonly isAborted: () => boolean) {
    super();
  }

  override _call(inputIds: unknown[][]): boolean[] {
    return inputIds.map(() => this.isAborted());
  }
}
