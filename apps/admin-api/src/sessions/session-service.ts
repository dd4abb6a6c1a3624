import {
  ApiError,
  type Bounced,
  type RealmConnectionList,
  type SessionDetail,
  type SessionList,
  type SessionFailoverEvent,
  type SessionListQuery,
} from "@em/contracts";

/** Client sessions and connections (issue 6): being built. */
export class SessionService {
  list(_query: SessionListQuery): SessionList {
    throw new ApiError("INTERNAL", "sessions are not built yet");
  }
  get(_name: string): SessionDetail {
    throw new ApiError("INTERNAL", "sessions are not built yet");
  }
  connections(_realm: string, _limit: number): Promise<RealmConnectionList> {
    throw new ApiError("INTERNAL", "connections are not built yet");
  }
  bounce(_realm: string, _cid: number): Promise<Bounced> {
    throw new ApiError("INTERNAL", "bounce is not built yet");
  }
  /** SDK failovers reported with `at` in [from, to], oldest first: what a drill report counts. */
  failoversBetween(_from: Date, _to: Date): SessionFailoverEvent[] {
    return [];
  }
  start(): void {}
  async close(): Promise<void> {}
}
