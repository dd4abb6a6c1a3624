import { ApiError, type ClusterHistory } from "@em/contracts";

/** Stored samples for the history charts (issue 6): being built. */
export class HistoryService {
  cluster(_name: string, _minutes: number): ClusterHistory {
    throw new ApiError("INTERNAL", "history is not built yet");
  }
  start(): void {}
  async close(): Promise<void> {}
}
