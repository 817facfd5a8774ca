// First: zod must be told not to use eval before any schema exists.
import '@prixagent/ui/strict-csp';
import '@prixagent/ui/styles.css';
import { mountApp } from '@prixagent/ui';
import { App } from './app';

mountApp(<App />);
