// The dashboards run under a Content-Security-Policy without 'unsafe-eval'
// (infra/nginx/snippets/security-headers.conf.template). zod 4 compiles object
// parsers with `new Function()` when it can, and merely probing whether it can
// is reported as a CSP violation. jitless keeps zod to plain parsing. It must
// run before any schema is built, so each app's main.tsx imports this first
// (and the production build makes it zod's starting value besides, whatever the
// chunks: tooling/vite/strict-csp-build.ts).
import { z } from 'zod';

z.config({ jitless: true });
