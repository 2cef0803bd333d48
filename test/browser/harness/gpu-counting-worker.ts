/**
 * The SDK's worker with GPU buffer counting and a logits recorder installed
 * first. Imports run in order, so the instruments are in place before
 * onnxruntime creates a buffer or runs a pass.
 */
import './gpu-buffer-counter.js';
import './gpu-logits-recorder.js';
import '../../../src/worker/entry.js';
