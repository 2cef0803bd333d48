/**
 * The SDK's worker with GPU buffer counting installed first. Imports run in
 * order, so the counters wrap WebGPU before onnxruntime creates a buffer.
 */
import './gpu-buffer-counter.js';
import '../../../src/worker/entry.js';
