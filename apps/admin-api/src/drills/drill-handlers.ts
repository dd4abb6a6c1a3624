import type { WATCH_ROUTES } from "@em/contracts";
import type { RouteHandler } from "../http/mount-route.js";
import type { DrillService } from "./drill-service.js";

type Route = "listDrills" | "startDrill" | "getDrill";
export type DrillHandlers = { [K in Route]: RouteHandler<(typeof WATCH_ROUTES)[K]> };

export function createDrillHandlers(drills: DrillService): DrillHandlers {
  return {
    listDrills: () => ({ drills: drills.list() }),
    startDrill: ({ body }) => drills.start(body),
    getDrill: ({ params }) => drills.get(params.id),
  };
}
