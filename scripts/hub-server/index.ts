/**
 * A local HTTP server laid out like the Hugging Face hub, for tests, the demo and benchmarks.
 * @module
 */
export { createHubServer } from './server.js';
export { connectHubControl, type HubControl } from './control-client.js';
export { deserializeFaultRule, serializeFaultRule, validateFaultRule } from './fault-rules.js';
export { isLfsFile, LFS_SIZE_THRESHOLD } from './hashes.js';
export { EXPOSED_HEADERS } from './cors.js';
export type * from './types.js';
