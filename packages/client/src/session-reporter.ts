import { nuid } from "@nats-io/nats-core";
import {
  SESSION_REPORT_SUBJECT,
  type SessionReport,
  type SessionReportSubscription,
} from "@em/contracts";
import type { RealmLink } from "./realm-link.js";
import type { StatusFeed } from "./session-status.js";

/** Where every subscription of the session stands, for a report. */
export type SubscriptionPositions = () => SessionReportSubscription[];

const encoder = new TextEncoder();
const MAX_HELD = 100;

/**
 * Publishes a {@link SessionReport} on each connect, disconnect and failover — best effort:
 * fire-and-forget core publishes that never block or fail the application. A disconnect is
 * held until a realm is reached again.
 */
export function startSessionReports(
  session: string,
  feed: StatusFeed,
  link: RealmLink,
  positions: SubscriptionPositions,
  now: () => number,
): () => void {
  const sessionId = nuid.next();
  const held: SessionReport[] = [];
  const report = (
    fields: Pick<SessionReport, "type" | "fromRealm" | "toRealm" | "rname" | "reason" | "stallMs">,
    at = now(),
  ): SessionReport => ({
    ...fields,
    session,
    sessionId,
    at: new Date(at).toISOString(),
    subscriptions: positions(),
  });
  const flush = () => {
    const live = link.current;
    if (!live) return;
    for (const item of held.splice(0)) {
      try {
        live.nc.publish(SESSION_REPORT_SUBJECT, encoder.encode(JSON.stringify(item)));
      } catch {
        // Reports are best effort: a report lost with its connection is not retried.
      }
    }
  };
  const stops = [
    feed.on("connected", (status) => {
      held.push(
        report({
          type: "connected",
          fromRealm: null,
          toRealm: status.realm,
          rname: status.rname,
          reason: null,
          stallMs: null,
        }),
      );
      flush();
    }),
    feed.on("disconnected", (status) => {
      // Without a realm for long, keep the latest reports only.
      if (held.length >= MAX_HELD) held.shift();
      held.push(
        report({
          type: "disconnected",
          fromRealm: status.realm,
          toRealm: null,
          rname: null,
          reason: status.reason,
          stallMs: null,
        }),
      );
    }),
    feed.on("reconnected", (status) => {
      held.push(
        report({
          type: "failover",
          fromRealm: status.fromRealm,
          toRealm: status.realm,
          rname: status.rname,
          reason: null,
          stallMs: status.stallMs,
        }),
      );
      flush();
    }),
  ];
  return () => stops.forEach((stop) => stop());
}
