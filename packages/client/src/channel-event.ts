import { headers, type MsgHdrs } from "@nats-io/nats-core";
import { EVENT_HEADERS, PropertyNameSchema } from "@em/contracts";
import { PublishRejectedError } from "./errors.js";

/** Data of an event: bytes, or text sent as UTF-8. */
export type EventData = Uint8Array | string;

/** What travels with an event besides its data. */
export interface EventOptions {
  /** Event properties (UM's event dictionary), one header each; names as `PropertyNameSchema`. */
  properties?: Record<string, string>;
  /** UM's event tag. */
  tag?: string;
  /**
   * The stable id that makes retries store the event once (within the 2 min dedupe window).
   * @default a new unique id
   */
  eventId?: string;
}

/** An event as read from a channel or queue. */
export interface StoredEvent {
  /** The event id (EID): its position in the channel, the same on every realm. */
  eid: number;
  /** The id it was published with (`Nats-Msg-Id`), or null for an event published without one. */
  eventId: string | null;
  data: Uint8Array;
  properties: Record<string, string>;
  tag: string | null;
  /** When the cluster stored it. */
  storedAt: Date;
  /** The data as UTF-8 text. */
  text: () => string;
  /** The data parsed as JSON. */
  json: <T = unknown>() => T;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function encodeData(data: EventData): Uint8Array {
  return typeof data === "string" ? encoder.encode(data) : data;
}

/** Headers carrying the event id, tag and properties; bad property names are refused. */
export function eventHeaders(eventId: string, options: EventOptions): MsgHdrs {
  const result = headers();
  result.set(EVENT_HEADERS.messageId, eventId);
  if (options.tag !== undefined) result.set(EVENT_HEADERS.tag, options.tag);
  for (const [name, value] of Object.entries(options.properties ?? {})) {
    const parsed = PropertyNameSchema.safeParse(name);
    if (!parsed.success)
      throw new PublishRejectedError(
        `property '${name}': ${parsed.error.issues[0]?.message ?? "bad name"}`,
        eventId,
      );
    result.set(name, value);
  }
  return result;
}

const RESERVED = /^(nats|um)-/i;

/**
 * Builds the SDK's view of a stored message. Headers and time are read only when asked for:
 * a fast subscriber that looks at the data alone does not pay for them.
 */
export function storedEvent(
  eid: number,
  data: Uint8Array,
  header: MsgHdrs | undefined,
  storedAt: () => Date,
): StoredEvent {
  return {
    eid,
    data,
    get eventId() {
      return header?.get(EVENT_HEADERS.messageId) || null;
    },
    get properties() {
      const properties: Record<string, string> = {};
      for (const key of header?.keys() ?? [])
        if (!RESERVED.test(key)) properties[key] = header?.get(key) ?? "";
      return properties;
    },
    get tag() {
      return header?.get(EVENT_HEADERS.tag) || null;
    },
    get storedAt() {
      return storedAt();
    },
    text: () => decoder.decode(data),
    json: <T>() => JSON.parse(decoder.decode(data)) as T,
  };
}
