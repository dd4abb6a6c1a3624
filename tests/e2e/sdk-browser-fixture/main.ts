// A page that uses @em/client the way a web application would: only the package's public API,
// bundled by Vite, over nhp:// (WebSocket) RNAMEs. The test drives it through `window.sdkPage`.
import { createSession, type Session, type SessionStatus } from "@em/client";
import {
  eventNumber,
  eventText,
  type CredentialsByPort,
  type PageProgress,
  type PageStatus,
  type SdkPage,
} from "./page-api.js";

let session: Session | undefined;
const progress: PageProgress = {
  realm: null,
  statuses: [],
  acks: [],
  received: [],
  queueAcked: [],
  errors: [],
};

function record(status: SessionStatus): void {
  const { type } = status;
  const seen: PageStatus = { type, at: performance.now() };
  if ("realm" in status) seen.realm = status.realm;
  if (type === "disconnected") seen.reason = status.reason;
  if (type === "reconnected")
    Object.assign(seen, { fromRealm: status.fromRealm, stallMs: status.stallMs });
  if (type === "closed" && status.error) seen.error = String(status.error);
  progress.statuses.push(seen);
}

function opened(): Session {
  if (!session) throw new Error("connect first");
  return session;
}

const sdkPage: SdkPage = {
  async connect(rnames: string, credentials: CredentialsByPort) {
    session = await createSession({
      rnames,
      name: "browser-session",
      credentials: (rname) => credentials[rname.port],
    });
    for (const type of [
      "connected",
      "disconnected",
      "reconnecting",
      "reconnected",
      "closed",
    ] as const)
      session.on(type, record);
    return session.realm ?? "";
  },

  async subscribe(channel: string) {
    const subscription = await opened().subscribe(
      channel,
      (event) => {
        progress.received.push([event.eid, eventNumber(event.text())]);
      },
      { fromEid: 1 },
    );
    subscription.done.catch((error: unknown) =>
      progress.errors.push(`subscription: ${String(error)}`),
    );
  },

  startPublishing(channel: string, count: number, pauseMs: number) {
    const publishAll = async () => {
      for (let n = 1; n <= count; n++) {
        const { eid } = await opened().publish(channel, eventText(n));
        progress.acks.push([eid, n]);
        await new Promise((resolve) => setTimeout(resolve, pauseMs));
      }
    };
    publishAll().catch((error: unknown) => progress.errors.push(`publish: ${String(error)}`));
  },

  async startQueue(queue: string, count: number) {
    for (let n = 1; n <= count; n++) await opened().push(queue, eventText(n));
    const consumer = opened().consume(
      queue,
      async (event) => {
        await event.ack();
        progress.queueAcked.push(eventNumber(event.text()));
      },
      { ack: "explicit" },
    );
    consumer.done.catch((error: unknown) => progress.errors.push(`queue: ${String(error)}`));
  },

  progress() {
    return { ...progress, realm: session?.realm ?? null };
  },

  async close() {
    await session?.close();
  },
};

window.sdkPage = sdkPage;
