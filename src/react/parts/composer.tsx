/**
 * The message box and its toolbar: the Think switch, the thinking-budget
 * slider, and Send (Stop while a reply streams). Enter sends, Shift+Enter
 * adds a line, Escape stops a reply, and typing in an IME is left alone.
 */
import { useRef, useState, type CSSProperties, type FormEvent, type KeyboardEvent, type ReactElement } from 'react';
import { budgetToStep, stepToBudget, THINKING_BUDGET_STEPS } from '../../chat/thinking-budget-steps.js';
import { formatBudget } from '../format.js';
import { SendIcon, StopIcon } from '../icons.js';
import { useIsomorphicLayoutEffect } from '../use-isomorphic-layout-effect.js';

/** Props of {@link Composer}. */
export interface ComposerProps {
  placeholder: string;
  busy: boolean;
  thinking: boolean;
  thinkingBudget: number;
  onSend: (text: string) => void;
  onStop: () => void;
  onThinkingChange: (thinking: boolean) => void;
  onThinkingBudgetChange: (budget: number) => void;
}

/** The message form. */
export function Composer(props: ComposerProps): ReactElement {
  const { placeholder, busy, thinking, thinkingBudget } = props;
  const [text, setText] = useState('');
  const input = useRef<HTMLTextAreaElement>(null);

  // Grow with the text, up to the CSS max-height.
  useIsomorphicLayoutEffect(() => {
    const element = input.current;
    if (!element) return;
    element.style.height = 'auto';
    element.style.height = `${element.scrollHeight}px`;
  }, [text]);

  const canSend = text.trim() !== '' && !busy;
  const send = (): void => {
    if (!canSend) return;
    props.onSend(text.trim());
    setText('');
  };
  const onSubmit = (event: FormEvent): void => {
    event.preventDefault();
    if (busy) props.onStop();
    else send();
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>): void => {
    if (event.key === 'Escape' && busy) {
      event.preventDefault();
      props.onStop();
      return;
    }
    if (event.key !== 'Enter' || event.shiftKey || event.nativeEvent.isComposing) return;
    event.preventDefault();
    send();
  };

  const step = budgetToStep(thinkingBudget);
  const fill = `${(step / (THINKING_BUDGET_STEPS.length - 1)) * 100}%`;
  const budgetText = formatBudget(thinkingBudget);
  return (
    <form className="qwen3-chat__composer" onSubmit={onSubmit}>
      <div className="qwen3-chat__field">
        <textarea
          ref={input}
          className="qwen3-chat__input"
          aria-label="Message"
          placeholder={placeholder}
          rows={1}
          value={text}
          onChange={(event) => setText(event.target.value)}
          onKeyDown={onKeyDown}
        />
        <div className="qwen3-chat__toolbar">
          <button
            type="button"
            role="switch"
            aria-checked={thinking}
            data-state={thinking ? 'checked' : 'unchecked'}
            className="qwen3-chat__switch"
            title={thinking ? 'Thinking on: the model reasons before it answers' : 'Thinking off: the model answers at once'}
            onClick={() => props.onThinkingChange(!thinking)}
          >
            <span className="qwen3-chat__switch-track" aria-hidden="true">
              <span className="qwen3-chat__switch-thumb" />
            </span>
            Think
          </button>
          <div className="qwen3-chat__budget" data-disabled={thinking ? undefined : ''}>
            <input
              type="range"
              className="qwen3-chat__range"
              aria-label="Thinking budget"
              aria-valuetext={budgetText}
              min={0}
              max={THINKING_BUDGET_STEPS.length - 1}
              step={1}
              value={step}
              disabled={!thinking}
              style={{ '--qwen3-chat-fill': fill } as CSSProperties}
              onChange={(event) => props.onThinkingBudgetChange(stepToBudget(Number(event.target.value)))}
            />
            <output className="qwen3-chat__budget-value" aria-hidden="true">
              {budgetText}
            </output>
          </div>
          <button
            type="submit"
            className="qwen3-chat__send"
            data-variant={busy ? 'stop' : 'send'}
            aria-label={busy ? 'Stop' : 'Send'}
            title={busy ? 'Stop' : 'Send (Enter)'}
            disabled={!busy && !canSend}
          >
            {busy ? <StopIcon /> : <SendIcon />}
          </button>
        </div>
      </div>
    </form>
  );
}
