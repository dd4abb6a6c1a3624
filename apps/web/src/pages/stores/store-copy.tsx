import type { ReplicaHealth, StoreKind, StoreScope, StoreType } from "@em/contracts";
import type { StoreParent } from "../../lib/router.js";

/** "channel" / "queue", with its plural and a capital. */
export function kindWords(kind: StoreKind) {
  const plural = `${kind}s`;
  return {
    one: kind,
    plural,
    One: kind === "channel" ? "Channel" : "Queue",
    Plural: kind === "channel" ? "Channels" : "Queues",
  };
}

/** Cluster stores are replicated; a realm's are realm-local (the contract's two scopes). */
export function scopeOf(parent: Pick<StoreParent, "owner">): StoreScope {
  return parent.owner === "cluster" ? "cluster" : "local";
}

/** "cluster demo" / "realm realm2". */
export function parentWords(parent: Pick<StoreParent, "owner" | "name">): string {
  return `${parent.owner} ${parent.name}`;
}

/** What each kind is, in UM's words, for page subtitles and empty states. */
export const KIND_HELP: Readonly<Record<StoreKind, Record<StoreScope, string>>> = {
  channel: {
    cluster:
      "Pub/sub stores replicated to every member with identical event ids (EIDs): every subscriber sees every event.",
    local: "Pub/sub stores kept on this realm only: every subscriber sees every event.",
  },
  queue: {
    cluster:
      "Each event is consumed once, cluster-wide, wherever its consumer is connected. Browsing never consumes.",
    local: "Each event is consumed once by one consumer on this realm. Browsing never consumes.",
  },
};

/** One line per store type: what it keeps, and what it becomes on this engine. */
export const TYPE_HELP: Readonly<Record<StoreType, string>> = {
  persistent: "Every event written to disk before it is acknowledged; survives restarts.",
  reliable:
    "UM keeps these in memory but never reuses an EID; stored on disk here so EIDs survive a restart.",
  mixed: "UM chooses per event; the engine cannot, so every event is kept on disk.",
  simple: "Kept in memory only: events and EIDs start again after a restart.",
  transient: "Keeps no events at all.",
};

/** Help for the fields of the create and edit forms (RabbitMQ-style "what does this mean"). */
export const FIELD_HELP = {
  ttl: "How long an event is kept before it expires. 0 keeps events forever.",
  capacity: "The most events kept. 0 is unlimited. When full, the oldest event goes…",
  honourCapacity: "…unless this is on: then a publish to a full store is refused with an error.",
  replicas: "Members holding a copy (at most 5). More copies survive more failures.",
  startEid: "The EID of the first event. Leave empty to start at 1.",
} as const;

const HEALTH: Readonly<Record<ReplicaHealth, { tone: string; label: string; hint: string }>> = {
  ok: { tone: "ok", label: "all current", hint: "Every replica is caught up with the leader" },
  lagging: {
    tone: "warn",
    label: "lagging",
    hint: "At least one replica is behind the leader or offline",
  },
  "no-leader": {
    tone: "danger",
    label: "no leader",
    hint: "No replica leads: the store takes no writes until one is elected",
  },
  unknown: { tone: "unknown", label: "unknown", hint: "The realms could not be asked" },
};

/** Replica health as a badge: all current green, lagging amber, no leader red. */
export function ReplicaHealthBadge({
  health,
  testId,
}: {
  health: ReplicaHealth;
  testId?: string | undefined;
}) {
  const { tone, label, hint } = HEALTH[health];
  return (
    <span className={`badge badge--${tone}`} title={hint} data-testid={testId} data-health={health}>
      <span className="badge__dot" aria-hidden="true" />
      {label}
    </span>
  );
}
