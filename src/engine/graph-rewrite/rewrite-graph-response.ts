/**
 * Applies graph rewrites ({@link GraphRewrite}) to a `.onnx` file as it
 * streams to transformers.js. A ModelProto's graph comes before its later
 * fields, and a graph's nodes before its initializers (protobuf writers emit
 * fields in number order, onnx's and onnxruntime's included), so only the
 * head of the file — up to the end of the nodes, well under a megabyte even
 * when the weights are inline — is held and rewritten; the rest streams
 * through unchanged. Whatever does not fit that picture streams through
 * untouched. The stored file is never changed: this sits between the store
 * and the runtime.
 */
import type { GraphRewriteName } from '../../types.js';
import { readNode, type GraphRewrite } from './graph-nodes.js';
import { concatBytes, encodeVarint, lengthDelimited, readField, readVarint, type WireField } from './protobuf-wire.js';

/** ModelProto.graph and GraphProto.node. */
const MODEL_GRAPH = 7;
const GRAPH_NODE = 1;
/** GraphProto fields that may sit among the nodes: name, doc_string. */
const GRAPH_SMALL_FIELDS = new Set([GRAPH_NODE, 2, 10]);
/** Give up when the nodes have not ended within this many bytes. */
const MAX_HEAD_BYTES = 64 * 1024 * 1024;

/** What the file's head becomes: `bytes` replace its first `replaces` bytes. */
interface HeadRewrite {
  bytes: Uint8Array;
  replaces: number;
  /** The rewrites that changed the graph. */
  applied: GraphRewriteName[];
}

/** The rewrite of `head`, `'more'` when it needs more bytes, or undefined to leave the file alone. */
export function rewriteHead(head: Uint8Array, rewrites: readonly GraphRewrite[]): HeadRewrite | 'more' | undefined {
  let offset = 0;
  // The ModelProto's fields before its graph, copied as they are.
  for (;;) {
    const tag = readVarint(head, offset);
    if (!tag) return 'more';
    if (tag.value === MODEL_GRAPH * 8 + 2) break;
    const field = readField(head, offset);
    if (!field) return 'more';
    offset = field.end;
  }
  const graphTag = offset;
  const tagEnd = readVarint(head, graphTag)!.end;
  const graphLength = readVarint(head, tagEnd);
  if (!graphLength) return 'more';
  const graphStart = graphLength.end;
  const graphEnd = graphStart + graphLength.value;
  // The graph's nodes (and its name), up to the first other field: first
  // their extent only, so that a head still short of it costs a scan, not a parse.
  const region: WireField[] = [];
  let cursor = graphStart;
  while (cursor < graphEnd) {
    // The tag first: the field that ends the nodes (an initializer) may be the largest in the file.
    const tag = readVarint(head, cursor);
    if (!tag) return 'more';
    if (!GRAPH_SMALL_FIELDS.has(Math.floor(tag.value / 8))) break;
    const field = readField(head, cursor);
    if (!field) return 'more';
    region.push(field);
    cursor = field.end;
  }
  const isNode = (field: WireField): boolean => field.field === GRAPH_NODE && field.wireType === 2;
  const original = region.filter(isNode).map((field) => readNode(head.subarray(field.valueStart, field.end)));
  let nodes = original;
  const applied: GraphRewriteName[] = [];
  for (const rewrite of rewrites) {
    const next = rewrite.apply(nodes);
    if (!next) continue;
    nodes = next;
    applied.push(rewrite.name, ...(rewrite.implies ?? []));
  }
  if (applied.length === 0) return undefined;
  // The graph's other small fields as they were, then the nodes in their new order.
  const newRegion = concatBytes([
    ...region.filter((field) => !isNode(field)).map((field) => head.subarray(field.start, field.end)),
    ...nodes.map((node) => lengthDelimited(GRAPH_NODE, node.bytes)),
  ]);
  const newGraphLength = graphLength.value - (cursor - graphStart) + newRegion.length;
  return {
    bytes: concatBytes([head.subarray(0, tagEnd), encodeVarint(newGraphLength), newRegion]),
    replaces: cursor,
    applied,
  };
}

/** A whole `.onnx` file in memory, rewritten; undefined when no rewrite applies. */
export function rewriteGraphBytes(bytes: Uint8Array, rewrites: readonly GraphRewrite[]): Uint8Array | undefined {
  const plan = rewriteHead(bytes, rewrites);
  if (!plan || plan === 'more') return undefined;
  return concatBytes([plan.bytes, bytes.subarray(plan.replaces)]);
}

/**
 * `response` with its graph rewritten, or as it was when the graph does not
 * fit. Resolves once the head of the file is read, so that the new
 * `content-length` is known.
 */
export async function rewriteGraphResponse(response: Response, rewrites: readonly GraphRewrite[], onApplied?: (names: GraphRewriteName[]) => void): Promise<Response> {
  if (!response.body) return response;
  const reader = response.body.getReader();
  // The bytes read so far, in a buffer that doubles as it fills.
  let buffer = new Uint8Array(64 * 1024);
  let length = 0;
  let ended = false;
  let plan: HeadRewrite | 'more' | undefined = 'more';
  while (plan === 'more') {
    const read = await reader.read();
    if (read.done) ended = true;
    else {
      if (length + read.value.length > buffer.length) {
        const grown = new Uint8Array(Math.max(buffer.length * 2, length + read.value.length));
        grown.set(buffer.subarray(0, length));
        buffer = grown;
      }
      buffer.set(read.value, length);
      length += read.value.length;
    }
    try {
      plan = rewriteHead(buffer.subarray(0, length), rewrites);
    } catch {
      // Not a protobuf of the expected shape: stream it through.
      plan = undefined;
    }
    if (plan === 'more' && (ended || length > MAX_HEAD_BYTES)) plan = undefined;
  }
  const head = buffer.subarray(0, length);
  if (plan) onApplied?.(plan.applied);
  const first = plan ? [plan.bytes, head.subarray(plan.replaces)] : [head];
  const headers = new Headers(response.headers);
  const declared = Number(headers.get('content-length'));
  if (plan && Number.isFinite(declared) && headers.has('content-length')) headers.set('content-length', String(declared + plan.bytes.length - plan.replaces));
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const part of first) if (part.length > 0) controller.enqueue(part);
      if (ended) controller.close();
    },
    async pull(controller) {
      if (ended) return;
      try {
        const read = await reader.read();
        if (read.done) controller.close();
        else controller.enqueue(read.value);
      } catch (error) {
        controller.error(error);
      }
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
  return new Response(body, { status: response.status, statusText: response.statusText, headers });
}
