/** A host app's own comlink worker, knowing nothing of qwen3-web: comlink's default handlers only. */
import { expose } from 'comlink';

/** What the app worker offers. */
export interface AppWorkerApi {
  add(a: number, b: number): number;
  fail(): never;
  failWithValue(): never;
}

const api: AppWorkerApi = {
  add: (a, b) => a + b,
  fail() {
    throw new RangeError('the app worker failed');
  },
  failWithValue() {
    throw { appCode: 42 };
  },
};

expose(api);
