/**
 * A small seeded random source, so the same seed gives the same weights on every
 * machine and in every process (the reference forward pass regenerates them instead
 * of parsing the ONNX file).
 */

/** Draws reproducible uniform and normal numbers from a 32-bit seed. */
export class SeededRandom {
  private state: number;
  /** A second normal left over from the last Box–Muller pair. */
  private spare: number | undefined;

  /** @param seed any integer; 0 is fine. */
  constructor(seed: number) {
    // Mix the seed once so that small neighbouring seeds give unrelated streams.
    this.state = (Math.imul(seed | 0, 0x9e3779b1) ^ 0x85ebca6b) >>> 0;
  }

  /** Uniform in [0, 1) (mulberry32: fast, 32-bit state, good enough for test weights). */
  uniform(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Standard normal (Box–Muller; both values of each pair are used). */
  normal(): number {
    if (this.spare !== undefined) {
      const value = this.spare;
      this.spare = undefined;
      return value;
    }
    // 1 - u keeps the logarithm's argument in (0, 1].
    const radius = Math.sqrt(-2 * Math.log(1 - this.uniform()));
    const angle = 2 * Math.PI * this.uniform();
    this.spare = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  }

  /** A new array of `length` values drawn from N(mean, std²). */
  normalArray(length: number, std: number, mean = 0): Float32Array {
    const out = new Float32Array(length);
    for (let i = 0; i < length; i++) out[i] = mean + std * this.normal();
    return out;
  }
}
