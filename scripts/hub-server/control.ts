import type { IncomingMessage, ServerResponse } from 'node:http';
import { deserializeFaultRule, serializeFaultRule } from './fault-rules.js';
import type { FaultStore } from './fault-store.js';
import type { RequestLog } from './request-log.js';
import { sendJson } from './responses.js';

const MAX_BODY_BYTES = 1024 * 1024;

/**
 * Answers `/__hub/{action}`:
 * `GET requests` (the log), `POST reset` (empty the log),
 * `GET faults`, `POST faults` (a JSON array replaces the rules, a single rule object is appended),
 * `DELETE faults`.
 */
export async function handleControl(
  req: IncomingMessage,
  res: ServerResponse,
  action: string,
  state: { log: RequestLog; faults: FaultStore },
): Promise<void> {
  const route = `${req.method ?? ''} ${action}`;
  switch (route) {
    case 'GET requests':
      sendJson(res, 200, state.log.all());
      return;
    case 'POST reset':
      state.log.reset();
      sendJson(res, 200, { ok: true });
      return;
    case 'GET faults':
      sendJson(res, 200, state.faults.list().map(serializeFaultRule));
      return;
    case 'DELETE faults':
      state.faults.clear();
      sendJson(res, 200, []);
      return;
    case 'POST faults':
      await postFaults(req, res, state.faults);
      return;
    default:
      sendJson(res, 404, { error: `Unknown control endpoint: ${route}` });
  }
}

async function postFaults(req: IncomingMessage, res: ServerResponse, faults: FaultStore): Promise<void> {
  try {
    const body: unknown = JSON.parse(await readBody(req));
    if (Array.isArray(body)) faults.set(body.map(deserializeFaultRule));
    else faults.add(deserializeFaultRule(body));
  } catch (error) {
    sendJson(res, 400, { error: (error as Error).message });
    return;
  }
  sendJson(res, 200, faults.list().map(serializeFaultRule));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of req) {
    total += (chunk as Buffer).length;
    if (total > MAX_BODY_BYTES) throw new Error('request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
