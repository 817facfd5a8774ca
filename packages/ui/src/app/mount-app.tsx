import { StrictMode, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { applyInitialTheme } from '../theme/theme.js';

/**
 * Renders a dashboard into its index.html's #root. The caller's main.tsx must
 * import '@prixagent/ui/strict-csp' before anything else, this included.
 */
export function mountApp(app: ReactNode): void {
  const root = document.getElementById('root');
  if (!root) throw new Error('index.html has no #root element');
  // Before the first paint, so a dark-theme reader sees no light flash.
  applyInitialTheme();
  createRoot(root).render(<StrictMode>{app}</StrictMode>);
}
