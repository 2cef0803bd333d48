/**
 * Keeps a scroll container pinned to its bottom while content grows, until
 * the user scrolls up; scrolling back to the bottom pins it again.
 */
import { useCallback, useRef, useState, type RefObject, type UIEventHandler } from 'react';
import { useIsomorphicLayoutEffect } from './use-isomorphic-layout-effect.js';

/** How close to the bottom (px) still counts as "at the bottom". */
const SLACK = 32;

/** What {@link useAutoscroll} gives the component. */
export interface Autoscroll {
  ref: RefObject<HTMLDivElement | null>;
  onScroll: UIEventHandler<HTMLDivElement>;
  /** False once the user scrolled up (show a "jump to latest" button). */
  pinned: boolean;
  scrollToBottom(): void;
}

/**
 * Pins the container to the bottom whenever one of `content` changes (keep
 * its length fixed: it is an effect's dependency list), unless the user
 * scrolled away.
 */
export function useAutoscroll(content: readonly unknown[]): Autoscroll {
  const ref = useRef<HTMLDivElement>(null);
  const pinnedRef = useRef(true);
  const lastTop = useRef(0);
  const [pinned, setPinned] = useState(true);

  const onScroll = useCallback<UIEventHandler<HTMLDivElement>>(() => {
    const element = ref.current;
    if (!element) return;
    const distance = element.scrollHeight - element.scrollTop - element.clientHeight;
    // Content growing never moves scrollTop back: only the user scrolls up.
    if (distance <= SLACK) pinnedRef.current = true;
    else if (element.scrollTop < lastTop.current - 1) pinnedRef.current = false;
    lastTop.current = element.scrollTop;
    setPinned(pinnedRef.current);
  }, []);

  useIsomorphicLayoutEffect(() => {
    const element = ref.current;
    if (!element || !pinnedRef.current) return;
    element.scrollTop = element.scrollHeight;
    lastTop.current = element.scrollTop;
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `content` is the dependency list itself.
  }, content);

  const scrollToBottom = useCallback(() => {
    const element = ref.current;
    if (!element) return;
    pinnedRef.current = true;
    setPinned(true);
    element.scrollTo({ top: element.scrollHeight, behavior: 'smooth' });
  }, []);

  return { ref, onScroll, pinned, scrollToBottom };
}
