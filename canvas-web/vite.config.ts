import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

/**
 * The policy the gateway applies in production. The preview server sends it too, so a
 * violation (an inline script, an injected style tag, eval) shows up before it ships.
 */
const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self' ws: wss:",
  "object-src 'none'",
  "base-uri 'self'",
  "frame-ancestors 'none'",
  "form-action 'self'",
].join('; ');

const backend = process.env.TRELLIS_BACKEND ?? 'http://localhost:8080';

export default defineConfig({
  plugins: [react()],
  server: {
    port: 5173,
    proxy: {
      '/api': { target: backend, changeOrigin: true },
      '/ws': { target: backend, ws: true, changeOrigin: true },
    },
  },
  preview: {
    port: 4173,
    headers: { 'Content-Security-Policy': contentSecurityPolicy },
    proxy: {
      '/api': { target: backend, changeOrigin: true },
      '/ws': { target: backend, ws: true, changeOrigin: true },
    },
  },
  build: {
    outDir: 'dist',
    sourcemap: false,
    chunkSizeWarningLimit: 800,
    rolldownOptions: {
      checks: { pluginTimings: false },
      output: {
        // The chunk holding xyflow is shared by the canvas and the run view; name it for what it holds.
        chunkFileNames: (chunk) =>
          chunk.name !== 'react' && chunk.moduleIds.some((id) => id.includes('@xyflow/react/dist')) ? 'assets/graph-[hash].js' : 'assets/[name]-[hash].js',
        // React and its kin change rarely: one long-cached chunk.
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|react-router|scheduler|zustand|use-sync-external-store)[\\/]/ },
          ],
        },
      },
    },
  },
  test: {
    include: ['src/**/*.test.{ts,tsx}'],
    environment: 'node',
  },
});
