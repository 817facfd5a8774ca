import { Card, CardDescription, CardTitle, Fact, Facts, PageHeader, ReadOnlyField, useI18n, useSession } from '@prixagent/ui';
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

  return (
    <>
      <PageHeader title={t('shell.profile')} description={t('profile.intro')} />
      <div className="grid items-start gap-6 lg:grid-cols-2">
        <Card aria-labelledby="profile-account-title">
          <CardTitle id="profile-account-title">{t('profile.account')}</CardTitle>
          <ReadOnlyField label={t('signIn.email')} hint={t('profile.emailHint')} type="email" autoComplete="username" value={user?.email ?? ''} />
          <Facts>
            <Fact term={t('profile.role')}>{t('profile.roleOperator')}</Fact>
          </Facts>
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
