import { defineConfig, defaultClientConditions } from 'vite';
import react from '@vitejs/plugin-react';

// Workspace libraries compile from their TypeScript sources (the "@signalbox/source" export condition).
const SOURCE_CONDITION = '@signalbox/source';

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  resolve: { conditions: [SOURCE_CONDITION, ...defaultClientConditions] },
  server: {
    host: '127.0.0.1',
    port: Number(process.env.DESIGNER_PORT ?? 4200),
    strictPort: true,
    proxy: { '/api': { target: process.env.API_URL ?? 'http://localhost:3000', changeOrigin: true } },
  },
  preview: { host: '127.0.0.1', port: Number(process.env.DESIGNER_PORT ?? 4200), strictPort: true },
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 2000 },
});
