import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

/**
 * Where `vite dev` forwards `/api` and `/socket.io`: the admin API.
 * @default "http://127.0.0.1:7800"
 */
const DEFAULT_DEV_API_URL = "http://127.0.0.1:7800";

// The only place this app reads the environment: the dev server's proxy target.
const devApiUrl = process.env["EM_DEV_API_URL"] ?? DEFAULT_DEV_API_URL;

export default defineConfig({
  plugins: [react()],
  server: {
    proxy: {
      "/api": { target: devApiUrl, changeOrigin: false },
      "/socket.io": { target: devApiUrl, ws: true, changeOrigin: false },
    },
  },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    sourcemap: true,
  },
});
