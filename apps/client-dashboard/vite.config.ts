import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import { dashboardConfig } from '../../tooling/vite/dashboard-config.ts';

export default dashboardConfig({ portVariable: 'CLIENT_PORT', defaultPort: 3001, plugins: [react(), tailwindcss()] });
