/**
 * The shared worker's entry, for `createQwen3Client({ shared: true })`:
 * wiring only. One engine for every tab of the origin; each tab that
 * connects gets its own port and its own view of it (engine/tab-connection.ts).
 */
import { expose } from 'comlink';
import { Engine } from '../engine/engine.js';
import { SharedEngine } from '../engine/shared-engine.js';
import { TabConnection } from '../engine/tab-connection.js';
import { installErrorTransfer } from '../error-transfer.js';
import { holdLifetimeLock } from '../lifetime-lock.js';
import { bundledWasmPaths } from './ort-files.js';

installErrorTransfer();
// Held until the worker dies: tabs waiting for it learn that the engine is gone.
const lifetime = holdLifetimeLock('qwen3-web-shared-engine');
const shared = new SharedEngine(new Engine(bundledWasmPaths), lifetime?.held ?? new Promise<string>(() => undefined));
let tabs = 0;
(self as unknown as EventTarget).addEventListener('connect', (event) => {
  const [port] = (event as MessageEvent).ports;
  if (port) expose(new TabConnection(shared, ++tabs), port);
});
