import {
  ApiError,
  type DemoTraffic as DemoTrafficStatus,
  type StartDemoTraffic,
} from "@em/contracts";

/** Built-in demo sessions (issue 6): being built. */
export class DemoTraffic {
  status(): DemoTrafficStatus {
    return { running: false, cluster: null, channel: null, startedAt: null, sessions: [] };
  }
  start(_input: StartDemoTraffic): Promise<DemoTrafficStatus> {
    throw new ApiError("INTERNAL", "demo traffic is not built yet");
  }
  stop(): Promise<DemoTrafficStatus> {
    return Promise.resolve(this.status());
  }
  async close(): Promise<void> {}
}
