import { ApiError, type Drill, type StartDrill } from "@em/contracts";

/** Failover drills (issue 6): being built. */
export class DrillService {
  list(): Drill[] {
    return [];
  }
  start(_input: StartDrill): Promise<Drill> {
    throw new ApiError("INTERNAL", "drills are not built yet");
  }
  get(_id: string): Drill {
    throw new ApiError("NOT_FOUND", "drills are not built yet");
  }
  async close(): Promise<void> {}
}
