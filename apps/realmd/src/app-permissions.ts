import {
  ALL_STORES,
  inboxPrefixFor,
  QUEUE_CONSUMER,
  SESSION_REPORT_SUBJECT,
  streamNameFor,
  subjectFor,
  type AppPermissions,
  type StoreGrant,
} from "@em/contracts";

/** A nats-server user's `permissions {}`: the subjects it may publish and subscribe to. */
export interface NatsPermissions {
  publish: string[];
  subscribe: string[];
}

/** One store (or every store) as the engine names it: its stream and its subject. */
interface StoreTarget {
  /** The stream name, or `*` for every stream. */
  stream: string;
  /** The subject, or `um.>` for every store's. */
  subject: string;
}

/** Every store's subject: each is `um.<token>` (store-name.ts). */
const EVERY_STORE_SUBJECT = "um.>";

function targets(grant: StoreGrant): StoreTarget[] {
  return grant.map((name) =>
    name === ALL_STORES
      ? { stream: "*", subject: EVERY_STORE_SUBJECT }
      : { stream: streamNameFor(name), subject: subjectFor(name) },
  );
}

/** Publishing (channel publish, queue push): the subject, and the SDK's "does it exist" check. */
function publishing({ stream, subject }: StoreTarget): string[] {
  return [subject, `$JS.API.STREAM.INFO.${stream}`];
}

/**
 * Subscribing to a channel as the SDK does: reads by EID (direct get, message get), ordered
 * consumers for backlogs, durable subscriptions (create, info, pull, ack) and the core
 * subscription to the subject that wakes a reader when an event arrives. No consumer delete:
 * that could remove another application's durable.
 */
function reading({ stream }: StoreTarget): string[] {
  return [
    `$JS.API.STREAM.INFO.${stream}`,
    `$JS.API.DIRECT.GET.${stream}`,
    `$JS.API.DIRECT.GET.${stream}.>`,
    `$JS.API.STREAM.MSG.GET.${stream}`,
    `$JS.API.CONSUMER.CREATE.${stream}`,
    `$JS.API.CONSUMER.CREATE.${stream}.>`,
    `$JS.API.CONSUMER.DURABLE.CREATE.${stream}.>`,
    `$JS.API.CONSUMER.INFO.${stream}.>`,
    `$JS.API.CONSUMER.MSG.NEXT.${stream}.>`,
    `$JS.ACK.${stream}.>`,
  ];
}

/** Consuming a queue: its one shared durable only (info, pull, ack), never create or delete. */
function consuming({ stream }: StoreTarget): string[] {
  return [
    `$JS.API.STREAM.INFO.${stream}`,
    `$JS.API.CONSUMER.INFO.${stream}.${QUEUE_CONSUMER}`,
    `$JS.API.CONSUMER.MSG.NEXT.${stream}.${QUEUE_CONSUMER}`,
    `$JS.ACK.${stream}.${QUEUE_CONSUMER}.>`,
  ];
}

/**
 * What application credential `user` may do, as nats-server permissions in the APP account.
 * Every credential may ask for the account's JetStream info, receive replies on its own inboxes
 * (`_INBOX_<user>.>`, never another application's) and send the SDK's failover reports;
 * everything else comes from its grants. Pure: unit-tested, and checked against real realms by
 * tests/integration/app-credentials.test.ts.
 */
export function natsPermissionsFor(user: string, permissions: AppPermissions): NatsPermissions {
  const publish = new Set<string>(["$JS.API.INFO", SESSION_REPORT_SUBJECT]);
  const inbox = inboxPrefixFor(user);
  // App credential names are always single tokens (AppCredentialNameSchema).
  if (inbox === undefined) throw new Error(`no inbox prefix for user ${JSON.stringify(user)}`);
  const subscribe = new Set<string>([`${inbox}.>`]);
  for (const target of targets([...permissions.publishChannels, ...permissions.pushQueues]))
    for (const subject of publishing(target)) publish.add(subject);
  for (const target of targets(permissions.subscribeChannels)) {
    for (const subject of reading(target)) publish.add(subject);
    subscribe.add(target.subject);
  }
  for (const target of targets(permissions.consumeQueues))
    for (const subject of consuming(target)) publish.add(subject);
  return { publish: [...publish].sort(), subscribe: [...subscribe].sort() };
}
