// The one public entry of @prixagent/ui: what both dashboards share. Styles are
// imported separately, as '@prixagent/ui/styles.css'.
export * from './i18n/i18n.js';
export * from './i18n/ui-messages.js';
export * from './i18n/i18n-provider.js';
export * from './api/api-error.js';
export * from './api/query-client.js';
export * from './forms/form-errors.js';
export * from './auth/session-store.js';
export * from './auth/dashboard-session.js';
export * from './auth/session-provider.js';
export * from './auth/safe-next.js';
export * from './app/dashboard-app.js';
export * from './app/dashboard-layout.js';
export * from './app/mount-app.js';
export * from './components/app-shell.js';
export * from './components/error-alert.js';
export * from './components/language-toggle.js';
export * from './components/loading.js';
export * from './components/not-found-page.js';
export * from './components/pagination.js';
export * from './components/sign-in-form.js';
export * from './components/sign-in-page.js';
export * from './components/status-badge.js';
export * from './components/use-page-title.js';
export * from './pagination/cursor-pages.js';
