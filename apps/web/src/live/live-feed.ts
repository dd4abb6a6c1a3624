import {
  LIVE_NAMESPACE,
  RealmStateEventSchema,
  RealmsSnapshotEventSchema,
  SubscribeAckSchema,
  type ClientToServerEvents,
  type ServerToClientEvents,
} from "@em/contracts";
import type { QueryClient } from "@tanstack/react-query";
import { io, type Socket } from "socket.io-client";
import { authKeys } from "../data/auth.js";
import { createRealmFeedCache } from "../data/realms.js";
import { liveStatusStore } from "./live-status.js";

/**
 * How long to wait before connecting again after the server refused or dropped the socket
 * (socket.io does not retry those by itself).
 * @default 3_000
 */
export const LIVE_RECONNECT_DELAY_MS = 3_000;

type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * Connects to the admin API's live feed, subscribes to realms and writes every push into the
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

  socket.on("connect", () => {
    socket.emit("subscribe", "realms", (answer) => {
      const ack = SubscribeAckSchema.safeParse(answer);
      if (ack.success && ack.data.ok) {
        liveStatusStore.set("live");
        // Pushes may have been missed while disconnected: fetch the list once.
        void realms.resync();
      } else {
        const reason =
          ack.success && !ack.data.ok
            ? `${ack.data.error.code}: ${ack.data.error.message}`
            : "bad ack";
        console.warn(`live feed: subscribe refused (${reason}); polling instead`);
        liveStatusStore.set("polling");
      }
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

  return () => {
    closed = true;
    clearTimeout(retryTimer);
    socket.removeAllListeners();
    socket.disconnect();
    liveStatusStore.set("connecting");
  };
}
