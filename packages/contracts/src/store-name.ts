import { z } from "zod";

/** UM's longest channel or queue name. */
export const STORE_NAME_MAX = 235;

/**
 * A channel or queue name, by UM's rules: letters, digits, `/ - _ #`, at most 235 characters,
 * `/` separating folders (`/eu/sales`). A folder is never empty (`//`) and a name never ends in
 * `/`, so every name is a path to a store, not to a folder.
 * @example "/eu/sales"
 */
export const StoreNameSchema = z
  .string()
  .min(1, "a name is required, e.g. /eu/sales")
  .max(STORE_NAME_MAX, `a name has at most ${STORE_NAME_MAX} characters`)
  .regex(/^[A-Za-z0-9/_#-]*$/, "a name has only letters, digits, '/', '-', '_' and '#'")
  .refine((name) => !name.includes("//"), "a name has no empty folder ('//')")
  .refine((name) => !name.endsWith("/"), "a name does not end with '/'");
export type StoreName = z.infer<typeof StoreNameSchema>;

/*
 * The mapping of a UM name onto the engine: stream `UM_<token>` and subject `um.<token>`, where
 * the token is the name with each `/` replaced by `~`. UM names never contain `~`, and NATS
 * allows it in stream names (which refuse `/`) and subject tokens, so the mapping is injective
 * and reversible; the name itself is also kept in the stream's metadata. The longest stream name
 * is 238 characters, inside the engine's 255 (a stream is a folder on disk).
 */
const STREAM_PREFIX = "UM_";
const SUBJECT_PREFIX = "um.";

function tokenFor(name: string): string {
  return name.replaceAll("/", "~");
}

/** The JetStream stream holding the channel or queue `name`: `/eu/sales` → `UM_~eu~sales`. */
export function streamNameFor(name: StoreName): string {
  return STREAM_PREFIX + tokenFor(name);
}

/** The subject events of `name` are published on: `/eu/sales` → `um.~eu~sales`. */
export function subjectFor(name: StoreName): string {
  return SUBJECT_PREFIX + tokenFor(name);
}

/** The UM name of a stream made by {@link streamNameFor}, or undefined for any other stream. */
export function storeNameFromStream(stream: string): StoreName | undefined {
  if (!stream.startsWith(STREAM_PREFIX)) return undefined;
  const name = stream.slice(STREAM_PREFIX.length).replaceAll("~", "/");
  return StoreNameSchema.safeParse(name).success ? name : undefined;
}

/** The folders of a name, outermost first: `/eu/de/sales` → `["/eu", "/eu/de"]`. */
export function storeFolders(name: StoreName): string[] {
  const parts = name.split("/");
  const folders: string[] = [];
  for (let end = 1; end < parts.length; end++) {
    const folder = parts.slice(0, end).join("/");
    if (folder !== "") folders.push(folder);
  }
  return folders;
}

/** The one shared durable consumer of every queue: each event is consumed once, cluster-wide. */
export const QUEUE_CONSUMER = "um-queue";

/**
 * How long a queue waits for an event's ack before it redelivers the event, in ms: what a
 * consumer that died (process or realm) costs the events it held. Short, because the SDK keeps
 * each event it still holds alive with progress acks; a client without them must ack sooner.
 */
export const QUEUE_ACK_WAIT_MS = 5_000;

/** Keys of the stream metadata that carry the UM view of a store. */
export const STORE_METADATA = {
  name: "um.name",
  kind: "um.kind",
  type: "um.type",
  honourCapacity: "um.honour-capacity",
} as const;

/** Headers of an event: the tag, and the id that makes a retried publish stored once. */
export const EVENT_HEADERS = {
  tag: "Um-Tag",
  messageId: "Nats-Msg-Id",
} as const;
