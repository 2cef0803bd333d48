/**
 * The component's stylesheet, injected once per document at the start of
 * `<head>`, so the host's own stylesheets come later and win ties (a
 * `className` rule can set the height, margins…). Every rule sits under the
 * `.qwen3-chat` root class. Inside the root, elements first `revert`
 * whatever the host page's element rules set (a global `button { … }` or
 * `p { … }` cannot reach in), then get our styles.
 *
 * Theming: every colour, radius and font reads a `--qwen3-*` custom
 * property with a built-in light and dark default, so a host can set, e.g.,
 * `--qwen3-accent` on the component or on any ancestor.
 */
import { useInsertionEffect } from 'react';

const STYLE_ID = 'qwen3-chat-styles-v1';

const light = `
  --_bg: var(--qwen3-bg, #ffffff);
  --_surface: var(--qwen3-surface, #f6f7f9);
  --_surface-2: var(--qwen3-surface-2, #eceef2);
  --_fg: var(--qwen3-fg, #17181c);
  --_muted: var(--qwen3-muted, #5d6370);
  --_border: var(--qwen3-border, #e3e6eb);
  --_accent: var(--qwen3-accent, #5b55e6);
  --_accent-fg: var(--qwen3-accent-fg, #ffffff);
  --_accent-soft: var(--qwen3-accent-soft, #eeedfd);
  --_track: var(--qwen3-track, #d3d7de);
  --_user-bg: var(--qwen3-user-bg, #f0f1f5);
  --_user-fg: var(--qwen3-user-fg, var(--_fg));
  --_danger: var(--qwen3-danger, #c4321f);
  --_danger-bg: var(--qwen3-danger-bg, #fdf0ee);
  --_code-bg: var(--qwen3-code-bg, #f3f4f7);
  --_shadow: var(--qwen3-shadow, 0 1px 2px rgb(16 24 40 / 0.04), 0 12px 32px -8px rgb(16 24 40 / 0.12));
  color-scheme: light;
`;

const dark = `
  --_bg: var(--qwen3-bg, #121317);
  --_surface: var(--qwen3-surface, #1a1c22);
  --_surface-2: var(--qwen3-surface-2, #262830);
  --_fg: var(--qwen3-fg, #ececf1);
  --_muted: var(--qwen3-muted, #9ca1ad);
  --_border: var(--qwen3-border, #2b2e37);
  --_accent: var(--qwen3-accent, #8d89ff);
  --_accent-fg: var(--qwen3-accent-fg, #0f0f17);
  --_accent-soft: var(--qwen3-accent-soft, #25244a);
  --_track: var(--qwen3-track, #3b3e49);
  --_user-bg: var(--qwen3-user-bg, #24262e);
  --_user-fg: var(--qwen3-user-fg, var(--_fg));
  --_danger: var(--qwen3-danger, #ff8a7d);
  --_danger-bg: var(--qwen3-danger-bg, #2e1a19);
  --_code-bg: var(--qwen3-code-bg, #1c1e25);
  --_shadow: var(--qwen3-shadow, 0 1px 2px rgb(0 0 0 / 0.3), 0 12px 32px -8px rgb(0 0 0 / 0.5));
  color-scheme: dark;
`;

/** The stylesheet text (exported for apps that inline CSS at build time or use a CSP nonce). */
export const QWEN3_CHAT_CSS = `
.qwen3-chat {${light}
  --_focus: var(--qwen3-focus, var(--_accent));
  --_radius: var(--qwen3-radius, 16px);
  --_font: var(--qwen3-font, ui-sans-serif, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif);
  --_mono: var(--qwen3-font-mono, ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace);
  position: relative;
  display: flex;
  flex-direction: column;
  box-sizing: border-box;
  width: 100%;
  min-width: 0;
  height: var(--qwen3-height, 600px);
  overflow: hidden;
  container-type: inline-size;
  background: var(--_bg);
  color: var(--_fg);
  border: 1px solid var(--_border);
  border-radius: var(--_radius);
  box-shadow: var(--_shadow);
  font-family: var(--_font);
  font-size: 15px;
  line-height: 1.55;
  text-align: start;
  letter-spacing: normal;
  -webkit-font-smoothing: antialiased;
}
.qwen3-chat[data-theme="dark"] {${dark}}
@media (prefers-color-scheme: dark) {
  .qwen3-chat:not([data-theme="light"]) {${dark}}
}

.qwen3-chat :where(*:not(svg, svg *)) { all: revert; }
.qwen3-chat *, .qwen3-chat *::before, .qwen3-chat *::after { box-sizing: border-box; }
.qwen3-chat :where(button, textarea, input) { font: inherit; color: inherit; letter-spacing: inherit; margin: 0; }
.qwen3-chat :where(button) { cursor: pointer; }
/* Chromium maps the hidden attribute like a presentational hint, which the revert above undoes. */
.qwen3-chat [hidden] { display: none; }
.qwen3-chat :where(button:disabled) { cursor: not-allowed; }
.qwen3-chat svg { display: block; flex: none; }
.qwen3-chat :focus-visible { outline: 2px solid var(--_focus); outline-offset: 2px; }

.qwen3-chat .qwen3-chat__sr-only {
  position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px;
  overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0;
}

/* Header */
.qwen3-chat .qwen3-chat__header {
  display: flex; align-items: center; gap: 10px; flex: none;
  padding: 12px 14px; border-bottom: 1px solid var(--_border);
}
.qwen3-chat .qwen3-chat__logo {
  display: grid; place-items: center; flex: none; width: 32px; height: 32px; border-radius: 10px;
  color: #fff; font-size: 18px;
  background: linear-gradient(135deg, var(--_accent), color-mix(in srgb, var(--_accent) 55%, #c26bff));
}
.qwen3-chat .qwen3-chat__brand { min-width: 0; flex: 1; }
.qwen3-chat .qwen3-chat__title { margin: 0; font-size: 15px; font-weight: 650; line-height: 1.25; }
.qwen3-chat .qwen3-chat__subtitle {
  display: flex; align-items: center; gap: 6px; margin: 1px 0 0; min-width: 0;
  color: var(--_muted); font-size: 12px; line-height: 1.4; white-space: nowrap; overflow: hidden;
}
.qwen3-chat .qwen3-chat__model { overflow: hidden; text-overflow: ellipsis; }
.qwen3-chat .qwen3-chat__badge {
  flex: none; padding: 0 7px; border-radius: 999px; background: var(--_surface-2);
  color: var(--_muted); font-size: 11px; font-weight: 550; line-height: 18px;
}
.qwen3-chat .qwen3-chat__badge[data-ready] { background: var(--_accent-soft); color: var(--_accent); }
.qwen3-chat .qwen3-chat__icon-button {
  display: grid; place-items: center; flex: none; width: 32px; height: 32px; padding: 0;
  border: 0; border-radius: 10px; background: transparent; color: var(--_muted); font-size: 17px;
}
.qwen3-chat .qwen3-chat__icon-button:hover { background: var(--_surface); color: var(--_fg); }

/* Load progress */
.qwen3-chat .qwen3-chat__progress {
  flex: none; padding: 10px 14px 12px; border-bottom: 1px solid var(--_border);
  background: var(--_surface); font-size: 13px;
}
.qwen3-chat .qwen3-chat__progress-row { display: flex; justify-content: space-between; gap: 8px; margin-bottom: 7px; font-weight: 600; }
.qwen3-chat .qwen3-chat__progress-percent { color: var(--_muted); font-variant-numeric: tabular-nums; }
.qwen3-chat .qwen3-chat__bar { position: relative; height: 6px; border-radius: 999px; background: var(--_surface-2); overflow: hidden; }
.qwen3-chat .qwen3-chat__bar-fill {
  position: absolute; inset: 0; border-radius: inherit; background: var(--_accent);
  transform-origin: left center; transition: transform 0.25s ease;
}
.qwen3-chat .qwen3-chat__bar[data-indeterminate] .qwen3-chat__bar-fill {
  width: 35%; animation: qwen3-chat-indeterminate 1.3s ease-in-out infinite;
}
.qwen3-chat .qwen3-chat__progress-detail {
  margin: 6px 0 0; color: var(--_muted); font-size: 12px; font-variant-numeric: tabular-nums;
}

/* Error banner */
.qwen3-chat .qwen3-chat__alert {
  display: flex; align-items: flex-start; gap: 10px; flex: none; margin: 10px 12px 0; padding: 10px 10px 10px 12px;
  border-radius: 12px; background: var(--_danger-bg); font-size: 13px;
  border: 1px solid color-mix(in srgb, var(--_danger) 30%, transparent);
}
.qwen3-chat .qwen3-chat__alert > svg { margin-top: 2px; color: var(--_danger); font-size: 16px; }
.qwen3-chat .qwen3-chat__alert-text { flex: 1; min-width: 0; overflow-wrap: anywhere; }
.qwen3-chat .qwen3-chat__alert-title { display: block; color: var(--_danger); font-weight: 650; }
.qwen3-chat .qwen3-chat__alert-actions { display: flex; align-items: center; gap: 4px; flex: none; }

/* Buttons */
.qwen3-chat .qwen3-chat__button {
  display: inline-flex; align-items: center; gap: 6px; padding: 5px 12px; border-radius: 9px;
  border: 1px solid var(--_border); background: var(--_bg); color: var(--_fg);
  font-size: 13px; font-weight: 600; line-height: 1.4; white-space: nowrap;
}
.qwen3-chat .qwen3-chat__button:hover { background: var(--_surface); }
.qwen3-chat .qwen3-chat__button--primary { background: var(--_accent); border-color: transparent; color: var(--_accent-fg); }
.qwen3-chat .qwen3-chat__button--primary:hover { background: color-mix(in srgb, var(--_accent) 88%, #000); }

/* Conversation */
.qwen3-chat .qwen3-chat__body { position: relative; display: flex; flex-direction: column; flex: 1 1 auto; min-height: 0; }
.qwen3-chat .qwen3-chat__log {
  display: flex; flex-direction: column; gap: 20px; flex: 1 1 auto; min-height: 0;
  padding: 18px 14px 12px; overflow-y: auto; overscroll-behavior: contain;
}
.qwen3-chat .qwen3-chat__log:focus-visible { outline-offset: -2px; border-radius: 4px; }
.qwen3-chat .qwen3-chat__empty {
  display: flex; flex-direction: column; align-items: center; gap: 10px; margin: auto;
  max-width: 34ch; padding: 24px 8px; text-align: center; color: var(--_muted); font-size: 13.5px;
}
.qwen3-chat .qwen3-chat__empty .qwen3-chat__logo { width: 44px; height: 44px; border-radius: 14px; font-size: 24px; }
.qwen3-chat .qwen3-chat__empty-title { margin: 0; color: var(--_fg); font-size: 17px; font-weight: 650; }
.qwen3-chat .qwen3-chat__empty p { margin: 0; }
.qwen3-chat .qwen3-chat__message { display: flex; flex-direction: column; align-items: flex-start; gap: 8px; min-width: 0; }
.qwen3-chat .qwen3-chat__message--user { align-items: flex-end; }
.qwen3-chat .qwen3-chat__bubble {
  max-width: 85%; padding: 8px 14px; border-radius: 18px 18px 6px 18px;
  background: var(--_user-bg); color: var(--_user-fg); white-space: pre-wrap; overflow-wrap: anywhere;
}
.qwen3-chat .qwen3-chat__answer { width: 100%; min-width: 0; overflow-wrap: anywhere; }
.qwen3-chat .qwen3-chat__answer:empty { display: none; }

/* Markdown */
.qwen3-chat .qwen3-chat__md > :first-child { margin-top: 0; }
.qwen3-chat .qwen3-chat__md > :last-child { margin-bottom: 0; }
.qwen3-chat .qwen3-chat__md :where(p, ul, ol, pre, blockquote, table) { margin: 0 0 0.75em; }
.qwen3-chat .qwen3-chat__md :where(ul, ol) { padding-left: 1.4em; }
.qwen3-chat .qwen3-chat__md li + li { margin-top: 0.25em; }
.qwen3-chat .qwen3-chat__md :where(h1, h2, h3, h4, h5, h6) { margin: 1.1em 0 0.5em; font-size: 1.05em; font-weight: 650; line-height: 1.35; }
.qwen3-chat .qwen3-chat__md :where(h1, h2) { font-size: 1.15em; }
.qwen3-chat .qwen3-chat__md a { color: var(--_accent); text-decoration: underline; text-underline-offset: 2px; }
.qwen3-chat .qwen3-chat__md strong { font-weight: 650; }
.qwen3-chat .qwen3-chat__md code {
  padding: 0.1em 0.35em; border-radius: 5px; background: var(--_code-bg);
  font-family: var(--_mono); font-size: 0.87em;
}
.qwen3-chat .qwen3-chat__md pre {
  padding: 10px 12px; border-radius: 10px; background: var(--_code-bg); border: 1px solid var(--_border);
  overflow-x: auto; font-size: 13px; line-height: 1.5;
}
.qwen3-chat .qwen3-chat__md pre code { padding: 0; background: none; font-size: inherit; }
.qwen3-chat .qwen3-chat__md blockquote { margin-left: 0; padding-left: 12px; border-left: 3px solid var(--_border); color: var(--_muted); }
.qwen3-chat .qwen3-chat__md table { display: block; max-width: 100%; overflow-x: auto; border-collapse: collapse; }
.qwen3-chat .qwen3-chat__md :where(th, td) { padding: 4px 10px; border: 1px solid var(--_border); }
.qwen3-chat .qwen3-chat__md hr { margin: 1em 0; border: 0; border-top: 1px solid var(--_border); }

/* Reasoning */
.qwen3-chat .qwen3-chat__reasoning { display: flex; flex-direction: column; align-items: flex-start; gap: 6px; max-width: 100%; }
.qwen3-chat .qwen3-chat__reasoning-toggle {
  display: inline-flex; align-items: center; gap: 6px; max-width: 100%; padding: 3px 10px 3px 8px;
  border: 1px solid var(--_border); border-radius: 999px; background: var(--_surface);
  color: var(--_muted); font-size: 12.5px; font-weight: 550; line-height: 1.5;
}
.qwen3-chat .qwen3-chat__reasoning-toggle:hover { color: var(--_fg); }
.qwen3-chat .qwen3-chat__reasoning-toggle > svg { font-size: 14px; }
.qwen3-chat .qwen3-chat__reasoning-label { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.qwen3-chat .qwen3-chat__chevron { transition: transform 0.15s ease; }
.qwen3-chat .qwen3-chat__reasoning-toggle[aria-expanded="true"] .qwen3-chat__chevron { transform: rotate(90deg); }
.qwen3-chat .qwen3-chat__reasoning[data-state="streaming"] .qwen3-chat__reasoning-label {
  background: linear-gradient(90deg, var(--_muted) 20%, var(--_fg) 50%, var(--_muted) 80%) 0 0 / 200% 100%;
  -webkit-background-clip: text; background-clip: text; color: transparent;
  animation: qwen3-chat-shimmer 1.8s linear infinite;
}
.qwen3-chat .qwen3-chat__reasoning-body {
  max-width: 100%; max-height: 260px; margin: 0; padding: 2px 0 2px 12px; overflow-y: auto;
  border-left: 2px solid var(--_border); color: var(--_muted); font-size: 13.5px;
  white-space: pre-wrap; overflow-wrap: anywhere;
}
.qwen3-chat .qwen3-chat__reasoning-preview {
  max-width: 100%; margin: 0; padding-left: 12px; overflow: hidden; color: var(--_muted);
  font-size: 12.5px; white-space: nowrap; text-overflow: ellipsis; opacity: 0.8;
}

/* Tool calls */
.qwen3-chat .qwen3-chat__tool-call {
  display: flex; flex-direction: column; gap: 4px; max-width: 100%; padding: 6px 10px;
  border: 1px solid var(--_border); border-radius: 10px; background: var(--_surface); font-size: 12.5px; color: var(--_muted);
}
.qwen3-chat .qwen3-chat__tool-head, .qwen3-chat .qwen3-chat__tool-result { overflow-wrap: anywhere; }
.qwen3-chat .qwen3-chat__tool-label { font-weight: 550; }
.qwen3-chat .qwen3-chat__tool-name { color: var(--_fg); font-weight: 600; }
.qwen3-chat .qwen3-chat__tool-call code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; }
.qwen3-chat .qwen3-chat__tool-input { margin-left: 4px; }
.qwen3-chat .qwen3-chat__tool-call[data-state="streaming"] .qwen3-chat__tool-label { animation: qwen3-chat-shimmer 1.8s linear infinite; }
.qwen3-chat .qwen3-chat__tool-error { color: var(--_danger, #b42318); }

/* Under an answer */
.qwen3-chat .qwen3-chat__actions {
  display: flex; flex-wrap: wrap; align-items: center; gap: 2px; width: 100%;
  margin-left: -7px; color: var(--_muted); font-size: 12.5px;
}
.qwen3-chat .qwen3-chat__action {
  display: inline-flex; align-items: center; gap: 5px; padding: 3px 7px; border: 0; border-radius: 8px;
  background: transparent; color: var(--_muted); font-size: 12.5px; line-height: 1.5;
}
.qwen3-chat .qwen3-chat__action:hover { background: var(--_surface); color: var(--_fg); }
.qwen3-chat .qwen3-chat__action > svg { font-size: 14px; }
.qwen3-chat .qwen3-chat__stats { min-width: 0; margin-left: auto; padding: 0 0 0 8px; font-size: 12px; font-variant-numeric: tabular-nums; }
.qwen3-chat .qwen3-chat__typing { display: inline-flex; gap: 5px; padding: 8px 2px; }
.qwen3-chat .qwen3-chat__typing > span {
  width: 7px; height: 7px; border-radius: 50%; background: var(--_muted);
  animation: qwen3-chat-pulse 1.2s ease-in-out infinite;
}
.qwen3-chat .qwen3-chat__typing > span:nth-child(2) { animation-delay: 0.15s; }
.qwen3-chat .qwen3-chat__typing > span:nth-child(3) { animation-delay: 0.3s; }
.qwen3-chat .qwen3-chat__jump {
  position: absolute; bottom: 10px; left: 50%; transform: translateX(-50%);
  display: grid; place-items: center; width: 32px; height: 32px; padding: 0;
  border: 1px solid var(--_border); border-radius: 50%; background: var(--_bg); color: var(--_fg);
  box-shadow: 0 4px 12px rgb(0 0 0 / 0.12); font-size: 16px;
}

/* Context note (above the composer, past 80 % of the context or after a trim) */
.qwen3-chat .qwen3-chat__context {
  flex: none; margin: 0; padding: 4px 16px 0; font-size: 12px; line-height: 1.4; color: var(--_muted); text-align: center;
}

/* Composer */
.qwen3-chat .qwen3-chat__composer { flex: none; margin: 0; padding: 6px 12px 12px; }
.qwen3-chat .qwen3-chat__field {
  display: flex; flex-direction: column; gap: 6px; padding: 8px 8px 8px 12px;
  border: 1px solid var(--_border); border-radius: 18px; background: var(--_bg);
  box-shadow: 0 1px 2px rgb(16 24 40 / 0.05); transition: border-color 0.15s ease, box-shadow 0.15s ease;
}
.qwen3-chat .qwen3-chat__field:focus-within {
  border-color: color-mix(in srgb, var(--_accent) 60%, var(--_border));
  box-shadow: 0 0 0 3px color-mix(in srgb, var(--_accent) 18%, transparent);
}
.qwen3-chat .qwen3-chat__input {
  display: block; width: 100%; min-height: 28px; max-height: 168px; margin: 0; padding: 3px 4px 3px 0;
  border: 0; outline: none; background: transparent; resize: none; overflow-y: auto;
  font-size: 15px; line-height: 1.5;
}
.qwen3-chat .qwen3-chat__input::placeholder { color: var(--_muted); opacity: 0.85; }
.qwen3-chat .qwen3-chat__input:focus-visible { outline: none; }
.qwen3-chat .qwen3-chat__toolbar { display: flex; align-items: center; gap: 8px; min-width: 0; }
.qwen3-chat .qwen3-chat__switch {
  display: inline-flex; align-items: center; gap: 7px; flex: none; padding: 3px 10px 3px 4px;
  border: 1px solid var(--_border); border-radius: 999px; background: transparent;
  color: var(--_muted); font-size: 13px; font-weight: 600; line-height: 1.5;
}
.qwen3-chat .qwen3-chat__switch[aria-checked="true"] { border-color: transparent; background: var(--_accent-soft); color: var(--_accent); }
.qwen3-chat .qwen3-chat__switch-track {
  position: relative; width: 28px; height: 16px; border-radius: 999px; background: var(--_track);
  transition: background-color 0.15s ease;
}
.qwen3-chat .qwen3-chat__switch-thumb {
  position: absolute; top: 2px; left: 2px; width: 12px; height: 12px; border-radius: 50%;
  background: #fff; box-shadow: 0 1px 2px rgb(0 0 0 / 0.25); transition: transform 0.15s ease;
}
.qwen3-chat .qwen3-chat__switch[aria-checked="true"] .qwen3-chat__switch-track { background: var(--_accent); }
.qwen3-chat .qwen3-chat__switch[aria-checked="true"] .qwen3-chat__switch-thumb { transform: translateX(12px); }
.qwen3-chat .qwen3-chat__budget { display: flex; align-items: center; gap: 8px; flex: 1 1 auto; min-width: 0; }
.qwen3-chat .qwen3-chat__budget[data-disabled] { opacity: 0.45; }
.qwen3-chat .qwen3-chat__range {
  -webkit-appearance: none; appearance: none; flex: 1 1 auto; width: 100%; min-width: 56px; max-width: 200px;
  height: 20px; margin: 0; padding: 0; border-radius: 999px; background: transparent; cursor: pointer;
}
.qwen3-chat .qwen3-chat__range:disabled { cursor: not-allowed; }
.qwen3-chat .qwen3-chat__range::-webkit-slider-runnable-track {
  height: 4px; border-radius: 999px;
  background: linear-gradient(to right, var(--_accent) var(--qwen3-chat-fill, 0%), var(--_track) var(--qwen3-chat-fill, 0%));
}
.qwen3-chat .qwen3-chat__range::-webkit-slider-thumb {
  -webkit-appearance: none; appearance: none; width: 16px; height: 16px; margin-top: -6px; border-radius: 50%;
  background: var(--_bg); border: 2px solid var(--_accent); box-shadow: 0 1px 3px rgb(0 0 0 / 0.2);
}
.qwen3-chat .qwen3-chat__range::-moz-range-track { height: 4px; border-radius: 999px; background: var(--_track); }
.qwen3-chat .qwen3-chat__range::-moz-range-progress { height: 4px; border-radius: 999px; background: var(--_accent); }
.qwen3-chat .qwen3-chat__range::-moz-range-thumb {
  width: 12px; height: 12px; border-radius: 50%; background: var(--_bg); border: 2px solid var(--_accent);
}
.qwen3-chat .qwen3-chat__budget-value {
  flex: none; min-width: 5.6em; color: var(--_muted); font-size: 12.5px; font-variant-numeric: tabular-nums; white-space: nowrap;
}
.qwen3-chat .qwen3-chat__send {
  display: grid; place-items: center; flex: none; width: 34px; height: 34px; margin-left: auto; padding: 0;
  border: 0; border-radius: 50%; background: var(--_accent); color: var(--_accent-fg); font-size: 18px;
  transition: background-color 0.15s ease, opacity 0.15s ease;
}
.qwen3-chat .qwen3-chat__send:disabled { background: var(--_surface-2); color: var(--_muted); }
.qwen3-chat .qwen3-chat__send[data-variant="stop"] { background: var(--_fg); color: var(--_bg); font-size: 16px; }
.qwen3-chat .qwen3-chat__footnote { margin: 6px 0 0; color: var(--_muted); font-size: 11.5px; text-align: center; }

@container (max-width: 420px) {
  .qwen3-chat .qwen3-chat__header { padding: 10px 12px; }
  .qwen3-chat .qwen3-chat__log { padding: 14px 12px 10px; gap: 16px; }
  .qwen3-chat .qwen3-chat__composer { padding: 4px 8px 8px; }
  .qwen3-chat .qwen3-chat__bubble { max-width: 92%; }
  .qwen3-chat .qwen3-chat__budget-value { min-width: 0; font-size: 12px; }
  .qwen3-chat .qwen3-chat__switch { padding-right: 8px; }
  .qwen3-chat .qwen3-chat__footnote { display: none; }
  .qwen3-chat .qwen3-chat__stats { margin-left: 0; padding-left: 7px; }
}

@keyframes qwen3-chat-shimmer { to { background-position: -200% 0; } }
@keyframes qwen3-chat-pulse { 0%, 80%, 100% { opacity: 0.25; transform: scale(0.8); } 40% { opacity: 1; transform: scale(1); } }
@keyframes qwen3-chat-indeterminate { from { transform: translateX(-100%); } to { transform: translateX(290%); } }
@media (prefers-reduced-motion: reduce) {
  .qwen3-chat *, .qwen3-chat *::before, .qwen3-chat *::after { animation-duration: 0.01ms !important; animation-iteration-count: 1 !important; transition: none !important; }
}
`;

/**
 * Adds the stylesheet to the document once, before the first paint of the
 * first chat, with `nonce` for a page whose CSP requires one.
 */
export function useQwen3ChatStyles(nonce?: string): void {
  useInsertionEffect(() => {
    if (document.getElementById(STYLE_ID)) return;
    const style = document.createElement('style');
    style.id = STYLE_ID;
    if (nonce) style.nonce = nonce;
    style.textContent = QWEN3_CHAT_CSS;
    document.head.prepend(style);
  }, [nonce]);
}
