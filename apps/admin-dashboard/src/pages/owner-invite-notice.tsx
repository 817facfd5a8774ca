import type { inviteLinkSchema } from '@prixagent/contracts';
import { InviteLinkNotice, formatDateTime, useI18n } from '@prixagent/ui';
import type { ReactNode } from 'react';
import type { z } from 'zod';
import type { MessageKey } from '../i18n/messages';

export type OwnerInvite = z.infer<typeof inviteLinkSchema>;

/** The owner's invite link, in the operator's words (the notice itself is shared). */
export function OwnerInviteNotice({ invite, title, children }: { invite: OwnerInvite; title: string; children?: ReactNode }) {
  const { t, lang } = useI18n<MessageKey>();
  return (
    <InviteLinkNotice title={title} sentence={t('ownerInvite.send', { email: invite.email, date: formatDateTime(lang, invite.expiresAt) })} linkLabel={t('ownerInvite.link')} url={invite.url}>
      {children}
    </InviteLinkNotice>
  );
}
