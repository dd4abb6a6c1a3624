import type { WATCH_ROUTES } from "@em/contracts";
import type { RouteHandler } from "../http/mount-route.js";
import type { DemoTraffic } from "./demo-traffic.js";

type Route = "getDemoTraffic" | "startDemoTraffic" | "stopDemoTraffic";
export type DemoHandlers = { [K in Route]: RouteHandler<(typeof WATCH_ROUTES)[K]> };

export function createDemoHandlers(demo: DemoTraffic): DemoHandlers {
  return {
    getDemoTraffic: () => demo.status(),
    startDemoTraffic: ({ body }) => demo.start(body),
    stopDemoTraffic: () => demo.stop(),
  };
}
