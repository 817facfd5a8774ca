import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import { dashboardConfig } from '../../tooling/vite/dashboard-config.ts';

export default dashboardConfig({ portVariable: 'ADMIN_PORT', defaultPort: 3002, plugins: [react(), tailwindcss()] });
