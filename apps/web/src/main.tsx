// First: the schemas built by every later import must not try zod's eval-based JIT (CSP).
import "@em/contracts/jitless";
import { QueryClientProvider } from "@tanstack/react-query";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app.js";
import { createQueryClient } from "./lib/query-client.js";
import "./styles/tokens.css";
import "./styles/base.css";
import "./styles/components.css";
import "./styles/clusters.css";
import "./styles/stores.css";
import "./styles/live.css";
import { initTheme } from "./theme/theme.js";

initTheme();

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root element");

createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={createQueryClient()}>
      <App />
    </QueryClientProvider>
  </StrictMode>,
);
