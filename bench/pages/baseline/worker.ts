/** The baseline's plain worker: the bare engine, exposed over comlink. Wiring only. */
import { expose } from 'comlink';
import { BaselineEngine } from './engine.js';

expose(new BaselineEngine());
