import type { WATCH_ROUTES } from "@em/contracts";
import type { RouteHandler } from "../http/mount-route.js";
import type { HistoryService } from "./history-service.js";

export type HistoryHandlers = {
  getClusterHistory: RouteHandler<(typeof WATCH_ROUTES)["getClusterHistory"]>;
};

export function createHistoryHandlers(history: HistoryService): HistoryHandlers {
  return {
    getClusterHistory: ({ params, query }) => history.cluster(params.name, query.minutes),
  };
}
