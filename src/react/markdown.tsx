/**
 * Answers as Markdown. Model output is untrusted: raw HTML is never enabled
 * (react-markdown shows it as text), URLs go through react-markdown's default
 * sanitiser (`javascript:` and other unsafe schemes become empty), links open
 * in a new tab without an opener, and images are shown as links rather than
 * fetched, so a reply cannot make the page load a URL by itself.
 */
import { memo, type ReactElement } from 'react';
import Markdown, { type Components } from 'react-markdown';

const components: Components = {
  a({ href, children, title }) {
    if (!href) return <span>{children}</span>;
    return (
      <a href={href} title={title} target="_blank" rel="noopener noreferrer nofollow">
        {children}
      </a>
    );
  },
  img({ src, alt }) {
    const label = alt || 'image';
    if (typeof src !== 'string' || src === '') return <span>[{label}]</span>;
    return (
      <a href={src} target="_blank" rel="noopener noreferrer nofollow">
        [{label}]
      </a>
    );
  },
};

/** Renders `text` as Markdown; re-renders only when the text changes. */
export const MarkdownText = memo(function MarkdownText({ text }: { text: string }): ReactElement {
  return (
    <div className="qwen3-chat__md">
      <Markdown components={components}>{text}</Markdown>
    </div>
  );
});
