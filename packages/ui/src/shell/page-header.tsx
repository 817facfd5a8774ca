import { ChevronRightIcon } from 'lucide-react';
import { Fragment, type ReactNode } from 'react';
import { Link } from 'react-router';
import { usePageTitle } from '../components/use-page-title.js';
import { useI18n } from '../i18n/i18n-provider.js';

export interface Crumb {
  label: string;
  /** Omitted for the current page. */
  to?: string;
}

export interface PageHeaderProps {
  title: string;
  description?: ReactNode;
  /** The way here from the top; the current page is added at the end. */
  breadcrumbs?: readonly Crumb[];
  /** The page's main actions, beside the title on wide screens, under it on narrow ones. */
  actions?: ReactNode;
}

/** Every page's heading: its one <h1>, the tab title, the breadcrumbs and the main actions. */
export function PageHeader({ title, description, breadcrumbs, actions }: PageHeaderProps) {
  const { t } = useI18n();
  usePageTitle(title);
  return (
    <header className="grid gap-2">
      {breadcrumbs && breadcrumbs.length > 0 ? (
        // min-w-0: a grid item is otherwise as wide as its widest line, and the
        // current crumb is one unbroken (truncated) line: a long name would widen the page.
        <nav aria-label={t('shell.breadcrumbs')} className="min-w-0">
          <ol className="flex flex-wrap items-center gap-1 text-sm text-muted-foreground">
            {breadcrumbs.map((crumb) => (
              <Fragment key={`${crumb.label}-${crumb.to ?? ''}`}>
                <li>{crumb.to ? <Link className="hover:text-foreground hover:underline" to={crumb.to}>{crumb.label}</Link> : crumb.label}</li>
                <li aria-hidden="true">
                  <ChevronRightIcon className="size-3.5" />
                </li>
              </Fragment>
            ))}
            <li aria-current="page" className="min-w-0 truncate text-foreground">
              {title}
            </li>
          </ol>
        </nav>
      ) : null}
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="grid min-w-0 gap-1">
          <h1 className="break-words text-2xl font-semibold tracking-tight">{title}</h1>
          {description ? <div className="text-sm text-muted-foreground">{description}</div> : null}
        </div>
        {actions ? <div className="flex flex-wrap gap-2">{actions}</div> : null}
      </div>
    </header>
  );
}
