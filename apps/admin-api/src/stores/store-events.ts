import { randomUUID } from "node:crypto";
import {
  ApiError,
  type PublishEvent,
  type PublishedEvent,
  type StoreEventPage,
} from "@em/contracts";
import { ENGINE_CODES, engineCode } from "./engine-errors.js";
import { eventDataBytes, showEventData } from "./event-encoding.js";
import * as adapter from "./event-adapter.js";
import type { StoreRef, StoreService } from "./store-service.js";
import { fieldError } from "./store-views.js";

export interface EventRange {
  fromEid?: number | undefined;
  toEid?: number | undefined;
  limit: number;
}

/** The EIDs a page covers: from `fromEid` on, up to `toEid`, or else the newest `limit`. */
function pageBounds(range: EventRange, firstEid: number, lastEid: number) {
  if (range.fromEid !== undefined) {
    return {
      from: Math.max(range.fromEid, firstEid),
      to: Math.min(range.toEid ?? lastEid, lastEid),
    };
  }
  const to = Math.min(range.toEid ?? lastEid, lastEid);
  return { from: Math.max(firstEid, to - range.limit + 1), to };
}

/**
 * Snoop (channels) and browse (queues): a page of events by EID, oldest first. Reads by
 * sequence only, so no consumer advances and a queue loses nothing.
 */
export async function readEventPage(
  stores: StoreService,
  ref: StoreRef,
  range: EventRange,
): Promise<StoreEventPage> {
  if (range.fromEid !== undefined && range.toEid !== undefined && range.toEid < range.fromEid)
    throw fieldError(
      "query",
      "toEid",
      `toEid (${range.toEid}) is below fromEid (${range.fromEid})`,
    );
  // Reading by sequence works while the cluster elects a leader: see locateForReading.
  const { scope, store } = await stores.locateForReading(ref);
  const { firstEid, lastEid } = store;
  if (store.events === 0) {
    return { events: [], firstEid, lastEid, nextEid: null, previousEid: null };
  }
  const { from, to } = pageBounds(range, firstEid, lastEid);
  const raw =
    from > to
      ? []
      : await stores.caller.call(scope, (target) =>
          adapter.readEvents(target, store, { fromEid: from, toEid: to, limit: range.limit }),
        );
  const events = raw.map((event) => {
    const shown = showEventData(event.data);
    return {
      eid: event.eid,
      timestamp: event.timestamp,
      size: event.data.byteLength,
      tag: event.tag,
      properties: event.properties,
      ...shown,
    };
  });
  // A full page may stop before `to`; otherwise the page covered everything up to `to`.
  const end = events.length === range.limit ? (events.at(-1)?.eid ?? to) : to;
  return {
    events,
    firstEid,
    lastEid,
    nextEid: end < lastEid ? Math.max(end + 1, 1) : null,
    previousEid: from > firstEid ? Math.max(firstEid, from - range.limit) : null,
  };
}

/** Publishes a test event and answers its EID; a full store that honours capacity refuses it. */
export async function publishTestEvent(
  stores: StoreService,
  ref: StoreRef,
  event: PublishEvent,
): Promise<PublishedEvent> {
  const data = eventDataBytes(event.data, event.encoding);
  const eventId = event.eventId ?? randomUUID();
  // Without a master the last listed state still names the subject: the publish itself then
  // finds out whether the cluster takes the event (and says its outcome is unknown if not).
  const { scope, store } = await stores.locateForReading(ref);
  if (!store.subject) {
    throw new ApiError(
      "INVALID_STATE",
      `${ref.kind} "${store.name}" was not made by the console and has no single subject to publish on`,
    );
  }
  try {
    const stored = await stores.caller.call(scope, (target) =>
      adapter.publishEvent(target, store, {
        data,
        properties: event.properties,
        tag: event.tag,
        eventId,
      }),
    );
    if (stored.eid === 0) {
      // A duplicate of an event still being stored is acknowledged without its EID (2.10.27).
      throw new ApiError(
        "ENGINE_UNAVAILABLE",
        `event "${eventId}" is still being stored: retry with eventId "${eventId}" to learn its EID`,
        { details: { eventId, outcome: "unknown" } },
      );
    }
    return { ...stored, eventId };
  } catch (error) {
    const cause = error instanceof ApiError && error.cause !== undefined ? error.cause : error;
    if (engineCode(cause) === ENGINE_CODES.maxMessagesExceeded) {
      throw new ApiError(
        "STORE_FULL",
        `${ref.kind} "${store.name}" is full: it holds its capacity of ${store.capacity} events and honours capacity, so the event was refused; purge events or raise the capacity`,
        { cause: error },
      );
    }
    // No answer is not a refusal: the cluster may store the event once it has a master again.
    if (
      error instanceof ApiError &&
      (error.code === "NO_QUORUM" || error.code === "ENGINE_UNAVAILABLE") &&
      error.details?.["outcome"] === undefined
    ) {
      throw new ApiError(
        error.code,
        `${error.message}. The event may still be stored once it answers: retry with eventId "${eventId}" to store it at most once`,
        { cause: error, details: { eventId, outcome: "unknown" } },
      );
    }
    throw error;
  } finally {
    stores.changed(ref);
  }
}
