import { setTimeout as delay } from "node:timers/promises";
import { z } from "zod";

/** How long a realm gets to show that it reloaded its config. @default 5_000 */
export const RELOAD_TIMEOUT_MS = 5_000;

const RELOAD_POLL_MS = 100;
const VARZ_REQUEST_TIMEOUT_MS = 1_000;

/** The parts of `/varz` that tell which config a realm runs with. */
const LoadedConfigSchema = z.object({
  config_load_time: z.string(),
  cluster: z.object({ urls: z.array(z.string()).optional() }).optional(),
});

/** When the realm last (re)loaded its config, and the routes that config has. */
export interface LoadedConfig {
  loadedAt: string;
  /** Configured routes as `/varz` lists them: `host:port`, without the scheme. */
  routes: string[];
}

/** The realm's loaded config from its monitoring port; null when it does not answer. */
export async function readLoadedConfig(monitorPort: number): Promise<LoadedConfig | null> {
  try {
    const response = await fetch(`http://127.0.0.1:${monitorPort}/varz`, {
      signal: AbortSignal.timeout(VARZ_REQUEST_TIMEOUT_MS),
    });
    if (!response.ok) {
      await response.body?.cancel();
      return null;
    }
    const varz = LoadedConfigSchema.parse(await response.json());
    return { loadedAt: varz.config_load_time, routes: varz.cluster?.urls ?? [] };
  } catch {
    return null;
  }
}

/**
 * Waits until the realm shows a config loaded after `previousLoadedAt` with exactly `routes`.
 * nats-server can refuse a reload and still have `--signal reload` exit 0, so a reload counts
 * only once the realm itself shows it.
 */
export async function waitForReload(
  monitorPort: number,
  previousLoadedAt: string | null,
  routes: readonly string[],
  timeoutMs = RELOAD_TIMEOUT_MS,
): Promise<boolean> {
  const expected = routes.map((route) => route.replace(/^nats-route:\/\//, "")).sort();
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const loaded = await readLoadedConfig(monitorPort);
    if (
      loaded &&
      loaded.loadedAt !== previousLoadedAt &&
      JSON.stringify([...loaded.routes].sort()) === JSON.stringify(expected)
    ) {
      return true;
    }
    await delay(RELOAD_POLL_MS);
  }
  return false;
}
