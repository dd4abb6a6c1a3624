import type { Server as HttpServer } from "node:http";
import { Server } from "socket.io";
import {
  LIVE_NAMESPACE,
  LIVE_TOPIC_ACCESS,
  LiveTopicSchema,
  SESSION_COOKIE,
  roleAllows,
  type ClientToServerEvents,
  type Drill,
  type Operation,
  type RealmStateEvent,
  type RealmSummary,
  type ServerToClientEvents,
  type SubscribeAck,
} from "@em/contracts";
import type { AuthService } from "../auth-service.js";
import type { ClusterEvent } from "../cluster-watcher.js";
import { readCookie } from "../http/session-cookie.js";
import type { Logger } from "../logger.js";
import type { SessionUser } from "../session-store.js";
import type { SessionLiveEvent } from "../sessions/session-ingest.js";
import { CONNECTION_FLUSH_MS, ConnectionCoalescer } from "./connection-coalescer.js";
import { originAllowed } from "./origin-allowed.js";

/** @default 60000 — how often live sockets are checked against expired sessions. */
const SESSION_SWEEP_MS = 60_000;

interface SocketData {
  session: SessionUser;
}

export interface LiveFeedOptions {
  auth: AuthService;
  logger: Logger;
  allowedOrigins: readonly string[];
  /** How often `realms:snapshot` goes out to subscribers. */
  snapshotIntervalMs: number;
  realms: () => RealmSummary[];
}

/** What the rest of the app may push to browsers. */
export interface LiveFeed {
  /** A realm changed state: sent reliably, at once. */
  realmState(event: RealmStateEvent): void;
  realmRemoved(name: string): void;
  /** A cluster event (UM's cluster listener): sent reliably to "clusters" watchers. */
  cluster(event: ClusterEvent): void;
  /** Every step change of an operation: sent reliably to "clusters" watchers. */
  operationProgress(operation: Operation): void;
  /** Every step change of a drill, and its report: sent reliably to "clusters" watchers. */
  drillProgress(drill: Drill): void;
  /**
   * A client connection or SDK failover, to "sessions" watchers. Connection events are held
   * for {@link CONNECTION_FLUSH_MS} and a crowd of them is summed into one `connections:burst`;
   * failovers go at once, never summed.
   */
  sessionEvent(event: SessionLiveEvent): void;
  close(): Promise<void>;
}

const sessionRoom = (sessionId: string) => `session:${sessionId}`;

/**
 * The socket.io live feed on `/live`: session-cookie handshake, same-origin only, and
 * subscribe-per-view rooms. Metrics snapshots are volatile (a slow browser drops them, latest
 * wins); state events never are.
 */
export function attachLiveFeed(httpServer: HttpServer, options: LiveFeedOptions): LiveFeed {
  const { auth, logger } = options;
  const io = new Server<
    ClientToServerEvents,
    ServerToClientEvents,
    Record<string, never>,
    SocketData
  >(httpServer, {
    serveClient: false,
    // connectionStateRecovery stays off: a recovered socket skips the namespace middleware
    // (socket.io 4), so it would come back without the session check below. Views re-subscribe
    // on reconnect and refetch, so nothing is lost without it.
    allowRequest: (req, callback) => callback(null, originAllowed(req, options.allowedOrigins)),
    cors: { origin: [...options.allowedOrigins], credentials: true },
  });
  // Nothing lives on the main namespace: refuse it rather than leave an unauthenticated door.
  io.use((_socket, next) => next(new Error("NOT_FOUND")));

  const live = io.of(LIVE_NAMESPACE);
  live.use((socket, next) => {
    const session = auth.authenticate(readCookie(socket.handshake.headers.cookie, SESSION_COOKIE));
    if (!session) {
      next(new Error("UNAUTHENTICATED"));
      return;
    }
    socket.data.session = session;
    next();
  });

  const snapshot = () => ({ at: new Date().toISOString(), realms: options.realms() });

  live.on("connection", (socket) => {
    const { session } = socket.data;
    void socket.join(sessionRoom(session.sessionId));
    socket.on("subscribe", (topic: unknown, ack: unknown) => {
      const reply = (result: SubscribeAck) => {
        if (typeof ack === "function") (ack as (result: SubscribeAck) => void)(result);
      };
      const parsed = LiveTopicSchema.safeParse(topic);
      if (!parsed.success) {
        reply({
          ok: false,
          error: {
            code: "VALIDATION",
            message: `Unknown topic ${JSON.stringify(topic)?.slice(0, 64)}: use ${LiveTopicSchema.options.map((t) => `"${t}"`).join(" or ")}`,
          },
        });
        return;
      }
      // Checked again on every subscribe: the session may have ended (logout, revoked) or the
      // user's role changed while the socket stayed open.
      const current = auth.authenticate(
        readCookie(socket.handshake.headers.cookie, SESSION_COOKIE),
      );
      if (!current) {
        reply({
          ok: false,
          error: { code: "UNAUTHENTICATED", message: "Log in again: this session has ended" },
        });
        socket.disconnect(true);
        return;
      }
      const required = LIVE_TOPIC_ACCESS[parsed.data];
      if (!roleAllows(current.role, required)) {
        reply({
          ok: false,
          error: {
            code: "FORBIDDEN",
            message: `Watching ${parsed.data} needs the ${required} role; you are ${current.role}`,
          },
        });
        return;
      }
      void socket.join(parsed.data);
      reply({ ok: true });
      // A view that just subscribed should not wait a poll interval for its first data.
      if (parsed.data === "realms") socket.emit("realms:snapshot", snapshot());
    });
    socket.on("unsubscribe", (topic: unknown) => {
      const parsed = LiveTopicSchema.safeParse(topic);
      if (parsed.success) void socket.leave(parsed.data);
    });
  });

  const snapshotTimer = setInterval(() => {
    if (!live.adapter.rooms.get("realms")?.size) return;
    live.to("realms").volatile.emit("realms:snapshot", snapshot());
  }, options.snapshotIntervalMs);

  const connections = new ConnectionCoalescer();
  const connectionTimer = setInterval(() => {
    const flushed = connections.flush();
    if (!flushed) return;
    const room = live.to("sessions");
    if (flushed.kind === "burst") {
      room.emit("connections:burst", flushed.burst);
      return;
    }
    for (const event of flushed.events) {
      if (event.name === "connection:opened") room.emit(event.name, event.payload);
      else room.emit(event.name, event.payload);
    }
  }, CONNECTION_FLUSH_MS);

  auth.onSessionEnded((sessionId) => live.in(sessionRoom(sessionId)).disconnectSockets(true));
  const sweepTimer = setInterval(() => {
    for (const socket of live.sockets.values()) {
      if (!auth.isSessionActive(socket.data.session.sessionId)) socket.disconnect(true);
    }
  }, SESSION_SWEEP_MS);

  return {
    realmState: (event) => {
      live.to("realms").emit("realm:state", event);
    },
    realmRemoved: (name) => {
      live.to("realms").emit("realm:removed", { name });
    },
    cluster: (event) => {
      // The union's name and payload belong together; socket.io's typed emit cannot see that.
      const room = live.to("clusters") as unknown as {
        emit(name: string, payload: unknown): boolean;
      };
      room.emit(event.name, event.payload);
    },
    operationProgress: (operation) => {
      live.to("clusters").emit("operation:progress", operation);
    },
    drillProgress: (drill) => {
      live.to("clusters").emit("drill:progress", drill);
    },
    sessionEvent: (event) => {
      // Nobody watching: nothing to hold (every event is stored by the session service anyway).
      if (!live.adapter.rooms.get("sessions")?.size) return;
      if (event.type === "session:failover") live.to("sessions").emit(event.type, event.payload);
      else
        connections.add(
          event.type === "connection:opened"
            ? { name: event.type, payload: event.payload }
            : { name: event.type, payload: event.payload },
        );
    },
    async close() {
      clearInterval(snapshotTimer);
      clearInterval(connectionTimer);
      clearInterval(sweepTimer);
      await io.close();
      logger.debug("live feed closed");
    },
  };
}
