import type { DuplicateTenantField } from '@prixagent/contracts';
import { Alert, AlertDescription, AlertTitle, Button, StatusBadge, accountStatusTone, isAccountStatus, useI18n } from '@prixagent/ui';
import { TriangleAlertIcon } from 'lucide-react';
import { Link } from 'react-router';
import type { MessageKey } from '../i18n/messages';
import type { DuplicateMatch } from './duplicate-tenants';

const FIELD_TEXT: Record<DuplicateTenantField, MessageKey> = {
  name: 'newTenant.duplicateName',
  email: 'newTenant.duplicateEmail',
  ownerEmail: 'newTenant.duplicateOwnerEmail',
};

/**
 * The API thinks the new tenant may already exist: which tenants it looks
 * like (each a link, to check before deciding), and a way to go ahead anyway.
 * A warning, not an error: nothing the operator typed is wrong.
 */
export function DuplicateTenantWarning({ matches, busy, onCreateAnyway }: { matches: readonly DuplicateMatch[]; busy: boolean; onCreateAnyway: () => void }) {
  const { t } = useI18n<MessageKey>();
  return (
    <Alert variant="warning" role="alert">
      <TriangleAlertIcon aria-hidden="true" />
      <AlertTitle>{t('newTenant.duplicateTitle')}</AlertTitle>
      <AlertDescription>
        {matches.length > 0 ? (
          <>
            <p>{t('newTenant.duplicateBody')}</p>
            <ul className="grid gap-1.5">
              {matches.map(({ account, fields }) => (
                <li key={account.id} className="flex flex-wrap items-center gap-x-2 gap-y-1">
                  <Link to={`/tenants/${account.id}`} className="font-medium text-primary underline underline-offset-4">
                    {account.name}
                  </Link>
                  <span className="font-mono text-xs">{account.slug}</span>
                  {isAccountStatus(account.status) ? (
                    <StatusBadge tone={accountStatusTone[account.status]}>{t(`accountStatus.${account.status}`)}</StatusBadge>
                  ) : null}
                  <span className="text-muted-foreground">{fields.map((field) => t(FIELD_TEXT[field])).join(', ')}</span>
                </li>
              ))}
            </ul>
          </>
        ) : null}
        <p>{t('newTenant.duplicateHint')}</p>
        <Button variant="outline" size="sm" className="w-fit" disabled={busy} onClick={onCreateAnyway}>
          {t('newTenant.createAnyway')}
        </Button>
      </AlertDescription>
    </Alert>
  );
}
