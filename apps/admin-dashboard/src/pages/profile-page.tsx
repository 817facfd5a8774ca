import { Card, CardDescription, CardTitle, Input, Label, PageHeader, useI18n, useSession } from '@prixagent/ui';
import { useId } from 'react';
import type { MessageKey } from '../i18n/messages';

/**
 * The operator's own page. The operator is not a user in the database: the
 * login is ADMIN_EMAIL and ADMIN_PASSWORD in the server's .env, so there is
 * nothing to edit here, only where it is set and what changing it does (the
 * API stamps operator sessions with those credentials, so a change ends them).
 */
export function ProfilePage() {
  const { t } = useI18n<MessageKey>();
  const { user } = useSession();
  const emailId = useId();

  return (
    <>
      <PageHeader title={t('shell.profile')} description={t('profile.intro')} />
      <div className="grid items-start gap-6 lg:grid-cols-2">
        <Card aria-labelledby="profile-account-title">
          <CardTitle id="profile-account-title">{t('profile.account')}</CardTitle>
          <div className="grid gap-1.5">
            <Label htmlFor={emailId}>{t('signIn.email')}</Label>
            <p id={`${emailId}-hint`} className="text-sm text-muted-foreground">
              {t('profile.emailHint')}
            </p>
            <Input id={emailId} type="email" readOnly value={user?.email ?? ''} aria-describedby={`${emailId}-hint`} autoComplete="username" />
          </div>
          <dl className="grid gap-0.5 text-sm">
            <dt className="text-muted-foreground">{t('profile.role')}</dt>
            <dd>{t('profile.roleOperator')}</dd>
          </dl>
        </Card>
        <Card aria-labelledby="profile-password-title">
          <CardTitle id="profile-password-title">{t('profile.password')}</CardTitle>
          <CardDescription>{t('profile.passwordBody')}</CardDescription>
          <p className="text-sm leading-relaxed">{t('profile.passwordChange')}</p>
        </Card>
      </div>
    </>
  );
}
