/**
 * The worker entry: wiring only. It exposes the engine over comlink.
 */
import { expose } from 'comlink';
import { Engine } from '../engine/engine.js';
import { installErrorTransfer } from '../error-transfer.js';
import { bundledWasmPaths } from './ort-files.js';

installErrorTransfer();
expose(new Engine(bundledWasmPaths));
