/**
 * The error transfer over comlink, on a MessageChannel in this realm: a
 * `Qwen3Error` crosses whole, and every other thrown value is left to the
 * `'throw'` handler that was there before (comlink's own), so a host app's own
 * comlink endpoints keep their errors. (test/browser/client-comlink.spec.ts
 * checks the same with an app worker beside the SDK's, in Chromium.)
 */
import { expose, transferHandlers, wrap, type Remote } from 'comlink';
import { afterAll, describe, expect, it } from 'vitest';
import { installErrorTransfer } from '../../src/error-transfer.js';
import { Qwen3Error } from '../../src/errors.js';

interface Api {
  qwen3(): never;
  range(): never;
  plain(): never;
}

const api: Api = {
  qwen3() {
    throw new Qwen3Error('QUOTA_EXCEEDED', 'Need 1 GB.', { details: { needed: 1e9 } });
  },
  range() {
    throw new RangeError('index 7 is out of range');
  },
  plain() {
    throw { reason: 'not an Error', at: 3 };
  },
};

function connect(): { remote: Remote<Api>; close: () => void } {
  const { port1, port2 } = new MessageChannel();
  expose(api, port1 as unknown as Parameters<typeof expose>[1]);
  const remote = wrap<Api>(port2 as unknown as Parameters<typeof wrap>[0]);
  return { remote, close: () => (port1.close(), port2.close()) };
}

async function rejection(call: () => Promise<unknown>): Promise<unknown> {
  try {
    await call();
  } catch (error) {
    return error;
  }
  throw new Error('the call did not reject');
}

describe('error transfer', () => {
  const comlinksOwn = transferHandlers.get('throw');
  installErrorTransfer();
  const { remote, close } = connect();
  afterAll(close);

  it('replaces the handler once, and keeps the one it replaced behind it', () => {
    const ours = transferHandlers.get('throw');
    expect(ours).not.toBe(comlinksOwn);
    installErrorTransfer();
    expect(transferHandlers.get('throw')).toBe(ours);
  });

  it('carries a Qwen3Error whole: class, code, message, details', async () => {
    const error = await rejection(() => remote.qwen3());
    expect(Qwen3Error.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: 'QUOTA_EXCEEDED', message: 'Need 1 GB.', details: { needed: 1e9 } });
  });

  it("leaves any other Error to comlink's handler: the app gets its error back, name and message", async () => {
    const error = await rejection(() => remote.range());
    expect(Qwen3Error.isInstance(error)).toBe(false);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ name: 'RangeError', message: 'index 7 is out of range' });
  });

  it('leaves a thrown non-Error value as it was', async () => {
    expect(await rejection(() => remote.plain())).toEqual({ reason: 'not an Error', at: 3 });
  });

  it("reads a throw serialized by comlink's own handler (an app worker without the SDK)", () => {
    const [wire] = comlinksOwn!.serialize({ value: new TypeError('from the app worker') });
    const error = rejectionOf(() => transferHandlers.get('throw')!.deserialize(wire));
    expect(error).toMatchObject({ name: 'TypeError', message: 'from the app worker' });
    expect(Qwen3Error.isInstance(error)).toBe(false);
  });
});

function rejectionOf(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('did not throw');
}
