import { headers as natsHeaders } from "@nats-io/transport-node";
import type { StoredMsg } from "@nats-io/jetstream";
import { EVENT_HEADERS } from "@em/contracts";
import type { AdapterTarget } from "./store-adapter.js";
import type { EngineStore } from "./stream-mapping.js";

/**
 * Events of a store on one realm connection: publish and read by sequence. With
 * store-adapter.ts the only code that speaks the engine's message vocabulary.
 */

/** One event as stored, before it is shown. */
export interface RawEvent {
  eid: number;
  timestamp: string;
  data: Uint8Array;
  tag: string | null;
  properties: Record<string, string>;
}

/**
 * Stores an event and answers its EID. A fresh message id per call: the engine stores a publish
 * retried with the same id once.
 */
export async function publishEvent(
  target: AdapterTarget,
  store: EngineStore,
  event: {
    data: Uint8Array;
    properties: Record<string, string>;
    tag: string | undefined;
    eventId: string;
  },
): Promise<{ eid: number; duplicate: boolean }> {
  if (!store.subject)
    throw new Error(`store ${store.name} has only wildcard subjects: nowhere to publish`);
  const headers = natsHeaders();
  for (const [key, value] of Object.entries(event.properties)) headers.set(key, value);
  if (event.tag !== undefined) headers.set(EVENT_HEADERS.tag, event.tag);
  const ack = await target.connection.js.publish(store.subject, event.data, {
    headers,
    msgID: event.eventId,
    expect: { streamName: store.stream },
  });
  return { eid: ack.seq, duplicate: ack.duplicate };
}

/**
 * The stored message at or after `seq`, asked of the stream's leader; null when there is none,
 * or when the leader cannot answer (being elected): the page then ends with what the replicas
 * had. The client's type lacks `next_by_subj` for this request, which the engine accepts.
 */
async function leaderGet(
  target: AdapterTarget,
  store: EngineStore,
  seq: number,
): Promise<StoredMsg | null> {
  const query = { seq, next_by_subj: ">" } as unknown as { seq: number };
  try {
    return await target.connection.jsm.streams.getMessage(store.stream, query);
  } catch {
    return null;
  }
}

function rawEvent(message: StoredMsg): RawEvent {
  const properties: Record<string, string> = {};
  let tag: string | null = null;
  for (const key of message.header?.keys() ?? []) {
    if (key === EVENT_HEADERS.tag) tag = message.header.get(key);
    // The engine's own headers (ids, direct-get bookkeeping) are not the publisher's properties.
    else if (!/^nats-/i.test(key)) properties[key] = message.header.get(key);
  }
  return {
    eid: message.seq,
    timestamp: new Date(message.timestamp).toISOString(),
    data: message.data,
    tag,
    properties,
  };
}

/** The message stored at exactly `seq`, or null: any replica answers (direct get). */
async function exactGet(
  target: AdapterTarget,
  store: EngineStore,
  seq: number,
): Promise<StoredMsg | null> {
  const message = await target.connection.jsm.direct.getMessage(store.stream, { seq });
  if (message) return message;
  // A replica behind (just resumed, catching up) says "not found" for events it lacks yet:
  // only the leader's word makes an EID a gap.
  const fromLeader = await leaderGet(target, store, seq);
  return fromLeader?.seq === seq ? fromLeader : null;
}

/**
 * Reads events with EIDs in [fromEid, toEid], at most `limit`, oldest first, by sequence: nothing
 * is delivered to or acknowledged by any consumer, so a queue keeps every event. The EIDs of a
 * page are asked for together (one round trip per page, not per event); a stretch with no event
 * at all (expired, purged or consumed) is jumped by asking for the next stored sequence.
 */
export async function readEvents(
  target: AdapterTarget,
  store: EngineStore,
  range: { fromEid: number; toEid: number; limit: number },
): Promise<RawEvent[]> {
  const events: RawEvent[] = [];
  let cursor = range.fromEid;
  while (events.length < range.limit && cursor <= range.toEid) {
    const end = Math.min(range.toEid, cursor + (range.limit - events.length) - 1);
    const eids = Array.from({ length: end - cursor + 1 }, (_, index) => cursor + index);
    const found = (await Promise.all(eids.map((eid) => exactGet(target, store, eid)))).filter(
      (message): message is StoredMsg => message !== null,
    );
    for (const message of found) events.push(rawEvent(message));
    cursor = end + 1;
    if (found.length === 0 && cursor <= range.toEid) {
      const next = await target.connection.jsm.direct.getMessage(store.stream, {
        seq: cursor,
        next_by_subj: ">",
      });
      if (!next || next.seq > range.toEid) break;
      cursor = next.seq;
    }
  }
  return events;
}
