/**
 * How much each backend runs. WASM is fast enough for long replies; WebGPU on
 * SwiftShader takes about 1.2 s per token for the tiny model (its 151,936-wide
 * lm_head) plus shader compilation for each new input shape, so its runs
 * stay short.
 */
import type { Backend } from '../shared/figures.js';
import { GROUPS, type Group } from './args.js';

/** The sizes of one backend's measurements. */
export interface BackendPlan {
  /** New tokens per decode measurement (forced: the tiny model practically never emits EOS). */
  decodeTokens: number;
  /** Repeats of each decode measurement, interleaving SDK and baseline. */
  repeats: number;
  /** Also measure the SDK decoding with sampling (temperature 0.7, top-k 20, top-p 0.8). */
  sampledDecode: boolean;
  /** New tokens per turn of the 8-turn conversation. */
  turnTokens: number;
  /** Runs of the whole conversation (each mode); the report takes each turn's best. */
  conversationRepeats: number;
  /**
   * The user's typing time before each later turn, in the KV-reuse mode the
   * target uses: long enough for the engine to prefill the previous reply as
   * history (a few ms on WASM, about a second per forward pass on SwiftShader),
   * far shorter than a person reading a reply and typing the next message.
   */
  typingPauseMs: number;
  /** Also time the baseline's first token on each turn's prompt. */
  baselineTurns: boolean;
  /** New tokens of the reply streamed into the DOM while long tasks are counted. */
  streamTokens: number;
  /** Also stream from a bare loop on the main thread, for contrast. */
  baselineOnMainThread: boolean;
  /** Warm loads (each in a new page of the same context), and fresh-worker ORT session creations. */
  warmLoads: number;
  /** Decode with and without the SDK's per-step machinery on one session (WASM: cheap enough). */
  ablation: boolean;
  /** Groups of sections to run. */
  groups: Group[];
}

/** Defaults per backend; `repeats` > 0 overrides the repeat counts. */
export function planFor(backend: Backend, repeats: number, quick: boolean, only: Group[] = [...GROUPS]): BackendPlan {
  const plan: BackendPlan =
    backend === 'wasm'
      ? {
          decodeTokens: 128,
          repeats: 3,
          sampledDecode: true,
          turnTokens: 16,
          conversationRepeats: 2,
          typingPauseMs: 1000,
          baselineTurns: true,
          streamTokens: 256,
          baselineOnMainThread: true,
          warmLoads: 3,
          ablation: true,
          groups: only,
        }
      : {
          decodeTokens: 5,
          repeats: 2,
          sampledDecode: false,
          turnTokens: 2,
          // Two runs: the second finds the first's shaders compiled for each prompt shape.
          conversationRepeats: 2,
          typingPauseMs: 4000,
          baselineTurns: false,
          streamTokens: 6,
          baselineOnMainThread: false,
          warmLoads: 2,
          ablation: false,
          groups: only,
        };
  if (repeats > 0) {
    plan.repeats = repeats;
    plan.warmLoads = repeats;
    plan.conversationRepeats = Math.min(plan.conversationRepeats, repeats);
  }
  if (quick) {
    plan.decodeTokens = 64;
    plan.streamTokens = 128;
  }
  return plan;
}

/** The decode prompt: asks for a long answer (real models then rarely stop early). */
export const DECODE_PROMPT = 'Write a long story about a lighthouse keeper who finds a message in a bottle. Describe every room of the lighthouse.';

/** The eight user turns of the multi-turn conversation. */
export const QUESTIONS = [
  'What is 17 times 23?',
  'Now divide it by 3.',
  'Explain your steps.',
  'Is the first result prime?',
  'Give me a fun fact about the number 391.',
  'Write that fact as a haiku.',
  'Translate the haiku into French.',
  'Summarise our conversation in one line.',
];

/** Sampling settings of the sampled decode run (the model card's non-thinking defaults, seeded). */
export const SAMPLED = { temperature: 0.7, topK: 20, topP: 0.8, seed: 7 };
