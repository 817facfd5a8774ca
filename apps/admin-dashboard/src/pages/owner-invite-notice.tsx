import type { inviteLinkSchema } from '@prixagent/contracts';
import { CopyField, formatDateTime, useFocusOnMount, useI18n } from '@prixagent/ui';
import type { ReactNode } from 'react';
import type { z } from 'zod';
import type { MessageKey } from '../i18n/messages';

export type OwnerInvite = z.infer<typeof inviteLinkSchema>;

/**
 * The owner's invite link, to pass on by hand: the platform sends no email.
 * Only a hash of the token is stored, so this is the one time it can be shown;
 * it stays in this page's memory and nowhere else.
 */
export function OwnerInviteNotice({ invite, title, children }: { invite: OwnerInvite; title: string; children?: ReactNode }) {
  const { t, lang } = useI18n<MessageKey>();
  const headingRef = useFocusOnMount<HTMLHeadingElement>();
  return (
    <section className="px-notice" aria-labelledby="owner-invite-title">
      <h2 id="owner-invite-title" ref={headingRef} tabIndex={-1}>
        {title}
      </h2>
      <p>{t('ownerInvite.send', { email: invite.email, date: formatDateTime(lang, invite.expiresAt) })}</p>
      <CopyField label={t('ownerInvite.link')} value={invite.url} />
      {children}
    </section>
  );
}
