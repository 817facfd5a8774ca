import { MailIcon } from 'lucide-react';
import type { ReactNode } from 'react';
import { Alert, AlertDescription } from '../primitives/alert.js';
import { CopyField } from './copy-field.js';
import { useFocusOnMount } from './use-focus-on-mount.js';

export interface InviteLinkNoticeProps {
  /** The notice's heading; without one, the sentence takes the focus. */
  title?: string;
  sentence: string;
  linkLabel: string;
  url: string;
  children?: ReactNode;
}

/**
 * A fresh invite link, to pass on by hand: the platform sends no email. Only a
 * hash of the token is stored, so this is the one time it can be shown; it
 * stays in this page's memory and nowhere else. Focus moves to the notice so a
 * screen reader announces it.
 */
export function InviteLinkNotice({ title, sentence, linkLabel, url, children }: InviteLinkNoticeProps) {
  const headingRef = useFocusOnMount<HTMLHeadingElement>();
  const sentenceRef = useFocusOnMount<HTMLParagraphElement>();
  return (
    <Alert variant="success" aria-label={title ?? sentence} role="region">
      <MailIcon aria-hidden="true" />
      <div className="grid min-w-0 gap-3">
        {title !== undefined && (
          <h2 ref={headingRef} tabIndex={-1} className="text-base font-semibold leading-tight focus:outline-none">
            {title}
          </h2>
        )}
        <AlertDescription>
          <p ref={title === undefined ? sentenceRef : undefined} tabIndex={title === undefined ? -1 : undefined} className="focus:outline-none">
            {sentence}
          </p>
          <CopyField label={linkLabel} value={url} />
          {children}
        </AlertDescription>
      </div>
    </Alert>
  );
}
