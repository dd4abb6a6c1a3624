import {
  ClusterMemberEventSchema,
  LIVE_NAMESPACE,
  MasterChangedEventSchema,
  MemberStateEventSchema,
  OperationProgressEventSchema,
  QuorumLostEventSchema,
  QuorumReachedEventSchema,
  RealmStateEventSchema,
  RealmsSnapshotEventSchema,
  SubscribeAckSchema,
  type ClientToServerEvents,
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
import { upsertOperation } from "../data/operations.js";
import { createRealmFeedCache } from "../data/realms.js";
import { liveStatusStore } from "./live-status.js";

/**
 * How long to wait before connecting again after the server refused or dropped the socket
 * (socket.io does not retry those by itself).
 * @default 3_000
 */
export const LIVE_RECONNECT_DELAY_MS = 3_000;

type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

function refusal(answer: unknown): string | null {
  const ack = SubscribeAckSchema.safeParse(answer);
  if (ack.success && ack.data.ok) return null;
  return ack.success && !ack.data.ok
    ? `${ack.data.error.code}: ${ack.data.error.message}`
    : "bad ack";
}

/**
 * Connects to the admin API's live feed, subscribes to realms and clusters and writes every push into the
 * query cache. While the socket is down the status store says `polling`, which turns polling on.
 * Returns a function that closes the feed.
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
      // Live only once both topics are subscribed: polling stops for both at the same time.
      if (acks === 2 && !refused) liveStatusStore.set("live");
    };
    socket.emit("subscribe", "realms", (answer) => {
      onAck("realms")(answer);
      // Pushes may have been missed while disconnected: fetch the list once.
      void realms.resync();
    });
    socket.emit("subscribe", "clusters", (answer) => {
      onAck("clusters")(answer);
      void invalidateClusters(queryClient);
    });
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

  return () => {
    closed = true;
    clearTimeout(retryTimer);
    socket.removeAllListeners();
    socket.disconnect();
    liveStatusStore.set("connecting");
  };
}
