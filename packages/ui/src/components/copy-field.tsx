import { CheckIcon, CopyIcon } from 'lucide-react';
import { useId, useRef, useState } from 'react';
import { toast } from 'sonner';
import { FieldFrame } from '../forms/form-view.js';
import { useI18n } from '../i18n/i18n-provider.js';
import { Button } from '../primitives/button.js';
import { Input } from '../primitives/input.js';

export interface CopyFieldProps {
  label: string;
  value: string;
  hint?: string;
}

/**
 * A value to hand to someone else (an invite link): read-only, selectable, with
 * a copy button. The clipboard API needs a secure context and the browser's
 * consent; when it refuses, the text is selected for a manual copy instead.
 */
export function CopyField({ label, value, hint }: CopyFieldProps) {
  const { t } = useI18n();
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState(false);

  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
      toast.success(t('copy.done'));
    } catch {
      input.current?.select();
      toast.warning(t('copy.failed'));
    }
  }

  return (
    <FieldFrame id={id} label={label} hint={hint}>
      <div className="flex min-w-0 gap-2">
        <Input
          ref={input}
          id={id}
          type="text"
          readOnly
          value={value}
          spellCheck={false}
          className="font-mono text-xs"
          aria-describedby={hint ? `${id}-hint` : undefined}
          onFocus={(e) => e.target.select()}
        />
        <Button variant="outline" onClick={() => void copy()}>
          {copied ? <CheckIcon aria-hidden="true" /> : <CopyIcon aria-hidden="true" />}
          {t('copy.button')}
        </Button>
      </div>
    </FieldFrame>
  );
}
