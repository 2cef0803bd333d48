/**
 * A local HTTP server laid out like the Hugging Face hub, for tests, the demo and benchmarks.
 * By default it behaves like huggingface.co (LFS redirects to a second, CDN origin; commits;
 * the `/api/` endpoints); `mode: 'direct'` answers every file itself.
 * @module
 */
export { createHubServer } from './server.js';
export { connectHubControl, type HubControl } from './control-client.js';
export { deserializeFaultRule, serializeFaultRule, validateFaultRule } from './fault-rules.js';
export { isLfsFile, LFS_SIZE_THRESHOLD } from './hashes.js';
export { EXPOSED_HEADERS, HUB_EXPOSED_HEADERS } from './cors.js';
export type * from './types.js';
