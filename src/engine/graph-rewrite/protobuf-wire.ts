/**
 * Just enough of the protobuf wire format to walk an ONNX model's fields
 * without decoding them: a rewrite touches a few small messages (nodes) and
 * copies everything else — the weights above all — byte for byte.
 * https://protobuf.dev/programming-guides/encoding/
 */

/** One field of a message, as positions in the buffer it was read from. */
export interface WireField {
  field: number;
  wireType: number;
  /** Where the field's tag starts. */
  start: number;
  /** Where its value starts (for length-delimited fields, after the length). */
  valueStart: number;
  /** Where the field ends. */
  end: number;
}

/** The value of a varint at `offset` and where it ends; undefined when `bytes` ends first. */
export function readVarint(bytes: Uint8Array, offset: number): { value: number; end: number } | undefined {
  let value = 0;
  let scale = 1;
  for (let i = offset; i < bytes.length && i < offset + 10; i++) {
    const byte = bytes[i]!;
    // Plain arithmetic, not bit operations: lengths above 2^31 (a 4 GB file) stay exact.
    value += (byte & 0x7f) * scale;
    scale *= 128;
    if (byte < 0x80) return { value, end: i + 1 };
  }
  return undefined;
}

/** `value` (a non-negative integer below 2^53) as a varint. */
export function encodeVarint(value: number): Uint8Array {
  const out: number[] = [];
  let rest = value;
  while (rest >= 0x80) {
    out.push((rest % 128) | 0x80);
    rest = Math.floor(rest / 128);
  }
  out.push(rest);
  return Uint8Array.from(out);
}

/**
 * The field starting at `offset`; undefined when `bytes` ends before the
 * field does (read more and try again). Throws on a wire type ONNX never
 * writes (groups), which means the bytes are not what we think.
 */
export function readField(bytes: Uint8Array, offset: number): WireField | undefined {
  const tag = readVarint(bytes, offset);
  if (!tag) return undefined;
  const field = Math.floor(tag.value / 8);
  const wireType = tag.value % 8;
  let valueStart = tag.end;
  let end: number;
  switch (wireType) {
    case 0: {
      const value = readVarint(bytes, valueStart);
      if (!value) return undefined;
      end = value.end;
      break;
    }
    case 1:
      end = valueStart + 8;
      break;
    case 2: {
      const length = readVarint(bytes, valueStart);
      if (!length) return undefined;
      valueStart = length.end;
      end = valueStart + length.value;
      break;
    }
    case 5:
      end = valueStart + 4;
      break;
    default:
      throw new Error(`protobuf wire type ${wireType} at byte ${offset}`);
  }
  return end <= bytes.length ? { field, wireType, start: offset, valueStart, end } : undefined;
}

/** Every field of the message in `bytes`, in order. */
export function readFields(bytes: Uint8Array): WireField[] {
  const fields: WireField[] = [];
  for (let offset = 0; offset < bytes.length; ) {
    const next = readField(bytes, offset);
    if (!next) throw new Error(`protobuf message truncated at byte ${offset}`);
    fields.push(next);
    offset = next.end;
  }
  return fields;
}

/** A length-delimited field: tag, length, value. */
export function lengthDelimited(field: number, value: Uint8Array): Uint8Array {
  return concatBytes([encodeVarint(field * 8 + 2), encodeVarint(value.length), value]);
}

/** A varint field. */
export function varintField(field: number, value: number): Uint8Array {
  return concatBytes([encodeVarint(field * 8), encodeVarint(value)]);
}

/** A string field (UTF-8). */
export function stringField(field: number, value: string): Uint8Array {
  return lengthDelimited(field, new TextEncoder().encode(value));
}

/** `parts` one after the other. */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
