import { useId, useRef, useState } from 'react';
import { useI18n } from '../i18n/i18n-provider.js';

export interface CopyFieldProps {
  label: string;
  value: string;
  hint?: string;
}

type CopyState = 'idle' | 'copied' | 'failed';

/**
 * A value to hand to someone else (an invite link): read-only, selectable, with
 * a copy button. The clipboard API needs a secure context and the browser's
 * consent; when it refuses, the text is selected for a manual copy instead.
 */
export function CopyField({ label, value, hint }: CopyFieldProps) {
  const { t } = useI18n();
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [state, setState] = useState<CopyState>('idle');

  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setState('copied');
    } catch {
      input.current?.select();
      setState('failed');
    }
  }

  return (
    <div className="px-field">
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p id={`${id}-hint`} className="px-field__hint">
          {hint}
        </p>
      ) : null}
      <div className="px-copy">
        <input
          ref={input}
          id={id}
          type="text"
          readOnly
          value={value}
          spellCheck={false}
          aria-describedby={hint ? `${id}-hint` : undefined}
          onFocus={(e) => e.target.select()}
        />
        <button type="button" className="px-button px-button--secondary" onClick={() => void copy()}>
          {t('copy.button')}
        </button>
      </div>
      <p className="px-field__hint" role="status">
        {state === 'copied' ? t('copy.done') : state === 'failed' ? t('copy.failed') : null}
      </p>
    </div>
  );
}
