import {
  ClusterMemberEventSchema,
  ConnectionBurstEventSchema,
  ConnectionClosedEventSchema,
  ConnectionOpenedEventSchema,
  DrillSchema,
  LIVE_NAMESPACE,
  MasterChangedEventSchema,
  MemberStateEventSchema,
  OperationProgressEventSchema,
  QuorumLostEventSchema,
  QuorumReachedEventSchema,
  RealmStateEventSchema,
  RealmsSnapshotEventSchema,
  SessionFailoverEventSchema,
  SubscribeAckSchema,
  type ClientToServerEvents,
  type LiveTopic,
  type ServerToClientEvents,
} from "@em/contracts";
import type { QueryClient } from "@tanstack/react-query";
import { io, type Socket } from "socket.io-client";
import { authKeys } from "../data/auth.js";
import {
  appendClusterEvent,
  configureClusterEvents,
  type ClusterEvent,
} from "../data/cluster-events.js";
import { applyMemberState, invalidateClusters } from "../data/clusters.js";
import { upsertDrill } from "../data/drills.js";
import { appendLiveBatch, type LiveIncoming } from "../data/live-stream.js";
import { upsertOperation } from "../data/operations.js";
import { createRealmFeedCache } from "../data/realms.js";
import { SESSIONS_REFRESH_MIN_INTERVAL_MS, invalidateSessions } from "../data/sessions.js";
import { createEventBatcher, createThrottle } from "./event-batcher.js";
import { liveStatusStore } from "./live-status.js";

/**
 * How long to wait before connecting again after the server refused or dropped the socket
 * (socket.io does not retry those by itself).
 * @default 3_000
 */
export const LIVE_RECONNECT_DELAY_MS = 3_000;

type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Every topic the console watches; it counts as live once all of them are subscribed. */
const TOPICS: readonly LiveTopic[] = ["realms", "clusters", "sessions"];

function refusal(answer: unknown): string | null {
  const ack = SubscribeAckSchema.safeParse(answer);
  if (ack.success && ack.data.ok) return null;
  return ack.success && !ack.data.ok
    ? `${ack.data.error.code}: ${ack.data.error.message}`
    : "bad ack";
}

/**
 * Connects to the admin API's live feed, subscribes to realms, clusters and sessions and writes
 * every push into the query cache. While the socket is down the status store says `polling`,
 * which turns polling on. Returns a function that closes the feed.
 */
export function startLiveFeed(queryClient: QueryClient): () => void {
  const realms = createRealmFeedCache(queryClient);
  const socket: LiveSocket = io(LIVE_NAMESPACE, { withCredentials: true });
  let closed = false;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;

  const reconnectLater = () => {
    if (closed || socket.active || retryTimer !== undefined) return;
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      if (!closed) socket.connect();
    }, LIVE_RECONNECT_DELAY_MS);
  };

  configureClusterEvents(queryClient);
  // Bursts (a realm with thousands of clients dying) reach the stream one batch per flush,
  // and the sessions table at most once per interval: never one render per event.
  const stream = createEventBatcher<LiveIncoming>((batch) => appendLiveBatch(queryClient, batch));
  const sessionsRefresh = createThrottle(
    () => void invalidateSessions(queryClient),
    SESSIONS_REFRESH_MIN_INTERVAL_MS,
  );
  socket.on("connect", () => {
    let acks = 0;
    let refused = false;
    const onAck = (topic: string) => (answer: unknown) => {
      const reason = refusal(answer);
      if (reason !== null) {
        refused = true;
        console.warn(`live feed: subscribe to ${topic} refused (${reason}); polling instead`);
        liveStatusStore.set("polling");
      }
      acks += 1;
      // Live only once every topic is subscribed: polling stops for all at the same time.
      if (acks === TOPICS.length && !refused) liveStatusStore.set("live");
    };
    // Pushes may have been missed while disconnected: each topic fetches its truth once.
    const resync: Record<LiveTopic, () => Promise<void>> = {
      realms: () => realms.resync(),
      clusters: () => invalidateClusters(queryClient),
      sessions: () => invalidateSessions(queryClient),
    };
    for (const topic of TOPICS) {
      socket.emit("subscribe", topic, (answer) => {
        onAck(topic)(answer);
        void resync[topic]();
      });
    }
  });
  socket.on("disconnect", () => {
    liveStatusStore.set("polling");
    reconnectLater();
  });
  socket.on("connect_error", (error) => {
    liveStatusStore.set("polling");
    // The handshake checks the session cookie: if it was refused, ask who we are, which
    // brings the login page back when the session is gone.
    if (error.message === "UNAUTHENTICATED")
      void queryClient.invalidateQueries({ queryKey: authKeys.me() });
    console.warn(`live feed: ${error.message}; polling until it reconnects`);
    reconnectLater();
  });

  socket.on("realm:state", (payload) => {
    const event = RealmStateEventSchema.safeParse(payload);
    if (event.success) realms.applyState(event.data);
    else console.warn("live feed: ignored a malformed realm:state", event.error.issues);
  });
  socket.on("realms:snapshot", (payload) => {
    const event = RealmsSnapshotEventSchema.safeParse(payload);
    if (event.success) realms.applySnapshot(event.data);
    else console.warn("live feed: ignored a malformed realms:snapshot", event.error.issues);
  });
  socket.on("realm:removed", (payload) => {
    if (typeof payload.name === "string") realms.remove(payload.name);
  });

  const onClusterEvent = (event: ClusterEvent) => {
    appendClusterEvent(queryClient, event);
    stream.push({ kind: "cluster", event });
    if (event.type === "memberState")
      applyMemberState(queryClient, event.cluster, event.realm, event.state);
    // Quorum, master and what-if all follow from one change: fetch the cluster's truth.
    void invalidateClusters(queryClient);
  };
  const malformed = (name: string, issues: unknown) =>
    console.warn(`live feed: ignored a malformed ${name}`, issues);
  socket.on("cluster:memberAdded", (payload) => {
    const event = ClusterMemberEventSchema.safeParse(payload);
    if (event.success) onClusterEvent({ type: "memberAdded", ...event.data });
    else malformed("cluster:memberAdded", event.error.issues);
  });
  socket.on("cluster:memberRemoved", (payload) => {
    const event = ClusterMemberEventSchema.safeParse(payload);
    if (event.success) onClusterEvent({ type: "memberRemoved", ...event.data });
    else malformed("cluster:memberRemoved", event.error.issues);
  });
  socket.on("cluster:quorumReached", (payload) => {
    const event = QuorumReachedEventSchema.safeParse(payload);
    if (event.success) onClusterEvent({ type: "quorumReached", ...event.data });
    else malformed("cluster:quorumReached", event.error.issues);
  });
  socket.on("cluster:quorumLost", (payload) => {
    const event = QuorumLostEventSchema.safeParse(payload);
    if (event.success) onClusterEvent({ type: "quorumLost", ...event.data });
    else malformed("cluster:quorumLost", event.error.issues);
  });
  socket.on("cluster:masterChanged", (payload) => {
    const event = MasterChangedEventSchema.safeParse(payload);
    if (event.success) onClusterEvent({ type: "masterChanged", ...event.data });
    else malformed("cluster:masterChanged", event.error.issues);
  });
  socket.on("cluster:memberState", (payload) => {
    const event = MemberStateEventSchema.safeParse(payload);
    if (event.success) onClusterEvent({ type: "memberState", ...event.data });
    else malformed("cluster:memberState", event.error.issues);
  });
  socket.on("operation:progress", (payload) => {
    const event = OperationProgressEventSchema.safeParse(payload);
    if (!event.success) return malformed("operation:progress", event.error.issues);
    upsertOperation(queryClient, event.data);
    // A finished operation changed membership: the clusters (and realms) are worth a refetch.
    if (event.data.status !== "running") void invalidateClusters(queryClient);
  });

  socket.on("connection:opened", (payload) => {
    const event = ConnectionOpenedEventSchema.safeParse(payload);
    if (!event.success) return malformed("connection:opened", event.error.issues);
    stream.push({ kind: "connection-opened", event: event.data });
    sessionsRefresh.call();
  });
  socket.on("connection:closed", (payload) => {
    const event = ConnectionClosedEventSchema.safeParse(payload);
    if (!event.success) return malformed("connection:closed", event.error.issues);
    stream.push({ kind: "connection-closed", event: event.data });
    sessionsRefresh.call();
  });
  socket.on("connections:burst", (payload) => {
    const event = ConnectionBurstEventSchema.safeParse(payload);
    if (!event.success) return malformed("connections:burst", event.error.issues);
    stream.push({ kind: "burst", event: event.data });
    sessionsRefresh.call();
  });
  socket.on("session:failover", (payload) => {
    const event = SessionFailoverEventSchema.safeParse(payload);
    if (!event.success) return malformed("session:failover", event.error.issues);
    stream.push({ kind: "failover", event: event.data });
    sessionsRefresh.call();
  });
  socket.on("drill:progress", (payload) => {
    const event = DrillSchema.safeParse(payload);
    if (!event.success) return malformed("drill:progress", event.error.issues);
    // Drills change a step every second or so: their panel follows each push at once.
    upsertDrill(queryClient, event.data);
    stream.push({ kind: "drill", drill: event.data });
  });

  return () => {
    closed = true;
    stream.dispose();
    sessionsRefresh.cancel();
    clearTimeout(retryTimer);
    socket.removeAllListeners();
    socket.disconnect();
    liveStatusStore.set("connecting");
  };
}
