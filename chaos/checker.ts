// The checker: a pure function of what the load saw (every publish ack, every delivery, every
// queue ack) and the fault windows. No clock, no I/O — unit-tested with hand-made traces.
//
// What counts as a finding:
// - lost: an acknowledged channel event (eventId → EID) that a subscriber never received, or
//   received with another eventId at that EID;
// - duplicate: a subscriber received one EID twice, or one eventId was stored at two EIDs
//   (acks or deliveries disagree);
// - order: per subscriber, each EID must be the previous one + 1 (strictly increasing and
//   contiguous: a gap is an event skipped, a step back a reordering);
// - queue, with at-least-once delivery in mind. "Consumed" means a consumer's ack the cluster
//   confirmed. An event handed out again before any confirmed ack is a redelivery, which is fine
//   (the consumer died or its realm went away before it acked; UM queues are at-least-once).
//   "Consumed twice" is an event the cluster had confirmed as consumed that a consumer was then
//   handed again (and so acked again) — the queue's promise broken. "Never consumed" is a pushed
//   and acknowledged event that, after the load drained the queue, had no confirmed ack and was
//   either still in the queue or gone without any consumer having acked it. An ack sent but not
//   confirmed (its realm died under it) that the cluster did apply leaves the event gone with no
//   confirmed ack: that counts as consumed once, as an "unconfirmed ack applied".

/** A publish the cluster acknowledged. */
export interface PublishAck {
  publisher: string;
  channel: string;
  eventId: string;
  eid: number;
  at: number;
}

/** An event handed to a channel subscriber. */
export interface Delivery {
  subscriber: string;
  channel: string;
  eid: number;
  eventId: string | null;
  at: number;
}

/** An event handed to a queue consumer's handler. */
export interface QueueDelivery {
  consumer: string;
  eid: number;
  eventId: string | null;
  redeliveries: number;
  at: number;
}

/** A queue consumer's ack: `confirmed` when the cluster answered it. */
export interface QueueAck {
  consumer: string;
  eid: number;
  confirmed: boolean;
  at: number;
}

export interface Trace {
  /** Subscribers by name → the channel each reads from EID 1. */
  subscribers: Record<string, string>;
  acks: PublishAck[];
  deliveries: Delivery[];
  /** Queue pushes the cluster acknowledged. */
  pushes: PublishAck[];
  queueDeliveries: QueueDelivery[];
  queueAcks: QueueAck[];
  /** EIDs still in the queue after the drain. */
  queueLeft: number[];
  /** Publishes tried through a realm left alone (a minority): none may be acknowledged. */
  minority: MinorityProbe[];
}

/** A trace with nothing recorded yet, reading `subscribers`. */
export function emptyTrace(subscribers: Record<string, string> = {}): Trace {
  return {
    subscribers,
    acks: [],
    deliveries: [],
    pushes: [],
    queueDeliveries: [],
    queueAcks: [],
    queueLeft: [],
    minority: [],
  };
}

/** A publish through a realm cut off from the others, and what came of it. */
export interface MinorityProbe {
  fault: number;
  realm: string;
  eventId: string;
  /** The EID when the lone realm acknowledged it (a finding), else null. */
  ackedEid: number | null;
  /** The error the publish ended with, e.g. `PublishTimeoutError`. */
  outcome: string;
  /**
   * How often the channel held the event once the cluster healed: 0 or 1 are both fine for an
   * unacknowledged publish (the lone realm's leader may commit it when quorum returns); 2 is a
   * duplicate.
   */
  storedAfterHealing?: number;
}

export interface SubscriberOrder {
  subscriber: string;
  /** Deliveries that were not the previous EID + 1 going up (a gap). */
  gaps: { after: number; eid: number }[];
  /** Deliveries at or below the previous EID. */
  backwards: { after: number; eid: number }[];
}

export interface CheckResult {
  acked: number;
  delivered: number;
  lost: { subscriber: string; eid: number; eventId: string; seen: string | null }[];
  duplicates: { subscriber: string | null; eid: number; eventId: string | null; why: string }[];
  /** Publishes through a lone realm that it acknowledged, or that were stored twice. */
  minorityAcked: MinorityProbe[];
  order: SubscriberOrder[];
  queue: {
    pushed: number;
    consumed: number;
    redeliveries: number;
    unconfirmedAcksApplied: number;
    consumedTwice: { eid: number; why: string }[];
    neverConsumed: { eid: number; why: string }[];
  };
  /** Findings in all: zero for a clean run. */
  findings: number;
}

export function check(trace: Trace): CheckResult {
  const lost: CheckResult["lost"] = [];
  const duplicates: CheckResult["duplicates"] = [];
  const order: SubscriberOrder[] = [];

  // One eventId stored at two EIDs, as the acks and the deliveries tell it.
  const eidOfEvent = new Map<string, number>();
  const noteStored = (eventId: string | null, eid: number, subscriber: string | null) => {
    if (eventId === null) return;
    const known = eidOfEvent.get(eventId);
    if (known === undefined) eidOfEvent.set(eventId, eid);
    else if (known !== eid && !duplicates.some((d) => d.eventId === eventId && d.eid === eid))
      duplicates.push({ subscriber, eid, eventId, why: `eventId also stored at EID ${known}` });
  };
  for (const ack of trace.acks) noteStored(ack.eventId, ack.eid, null);

  for (const [subscriber, channel] of Object.entries(trace.subscribers)) {
    const seen = new Map<number, string | null>();
    const gaps: SubscriberOrder["gaps"] = [];
    const backwards: SubscriberOrder["backwards"] = [];
    let previous = 0;
    for (const delivery of trace.deliveries) {
      if (delivery.subscriber !== subscriber) continue;
      if (seen.has(delivery.eid))
        duplicates.push({
          subscriber,
          eid: delivery.eid,
          eventId: delivery.eventId,
          why: "EID delivered twice",
        });
      else seen.set(delivery.eid, delivery.eventId);
      noteStored(delivery.eventId, delivery.eid, subscriber);
      if (delivery.eid <= previous) backwards.push({ after: previous, eid: delivery.eid });
      else if (delivery.eid !== previous + 1) gaps.push({ after: previous, eid: delivery.eid });
      previous = Math.max(previous, delivery.eid);
    }
    order.push({ subscriber, gaps, backwards });
    for (const ack of trace.acks) {
      if (ack.channel !== channel) continue;
      const got = seen.get(ack.eid);
      if (got === undefined || got !== ack.eventId)
        lost.push({ subscriber, eid: ack.eid, eventId: ack.eventId, seen: got ?? null });
    }
  }

  const queue = checkQueue(trace);
  const findings =
    lost.length +
    duplicates.length +
    order.reduce((sum, o) => sum + o.gaps.length + o.backwards.length, 0) +
    queue.consumedTwice.length +
    queue.neverConsumed.length +
    trace.minority.filter((probe) => probe.ackedEid !== null || (probe.storedAfterHealing ?? 0) > 1)
      .length;
  return {
    acked: trace.acks.length,
    delivered: trace.deliveries.length,
    lost,
    duplicates,
    order,
    minorityAcked: trace.minority.filter(
      (probe) => probe.ackedEid !== null || (probe.storedAfterHealing ?? 0) > 1,
    ),
    queue,
    findings,
  };
}

function checkQueue(trace: Trace): CheckResult["queue"] {
  const consumedTwice: CheckResult["queue"]["consumedTwice"] = [];
  const neverConsumed: CheckResult["queue"]["neverConsumed"] = [];
  // Events and acks in the order they happened, per EID.
  type Step = { at: number; kind: "delivery" | "ack"; confirmed?: boolean; consumer: string };
  const steps = new Map<number, Step[]>();
  const add = (eid: number, step: Step) => {
    const list = steps.get(eid) ?? [];
    list.push(step);
    steps.set(eid, list);
  };
  for (const d of trace.queueDeliveries)
    add(d.eid, { at: d.at, kind: "delivery", consumer: d.consumer });
  for (const a of trace.queueAcks)
    add(a.eid, { at: a.at, kind: "ack", confirmed: a.confirmed, consumer: a.consumer });

  let consumed = 0;
  let redeliveries = 0;
  let unconfirmedAcksApplied = 0;
  const left = new Set(trace.queueLeft);
  for (const [eid, list] of steps) {
    list.sort((a, b) => a.at - b.at || (a.kind === b.kind ? 0 : a.kind === "delivery" ? -1 : 1));
    let confirmedBy: string | undefined;
    let deliveries = 0;
    let reported = false;
    for (const step of list) {
      if (step.kind === "delivery") {
        deliveries++;
        if (confirmedBy !== undefined && !reported) {
          consumedTwice.push({
            eid,
            why: `handed to ${step.consumer} after ${confirmedBy}'s ack was confirmed`,
          });
          reported = true;
        }
      } else if (step.confirmed) {
        if (confirmedBy !== undefined && !reported) {
          consumedTwice.push({ eid, why: `acked by ${confirmedBy} and ${step.consumer}` });
          reported = true;
        }
        confirmedBy ??= step.consumer;
      }
    }
    redeliveries += Math.max(0, deliveries - 1);
    if (confirmedBy !== undefined) consumed++;
    else if (!left.has(eid) && list.some((step) => step.kind === "ack")) {
      consumed++;
      unconfirmedAcksApplied++;
    }
  }
  for (const push of trace.pushes) {
    const list = steps.get(push.eid) ?? [];
    const confirmed = list.some((step) => step.kind === "ack" && step.confirmed);
    if (confirmed) continue;
    if (left.has(push.eid)) neverConsumed.push({ eid: push.eid, why: "still in the queue" });
    else if (!list.some((step) => step.kind === "ack"))
      neverConsumed.push({
        eid: push.eid,
        why: list.length === 0 ? "gone, never handed out" : "gone, never acked",
      });
  }
  return {
    pushed: trace.pushes.length,
    consumed,
    redeliveries,
    unconfirmedAcksApplied,
    consumedTwice,
    neverConsumed,
  };
}

/** Progress seen by one role, as times. */
export interface Progress {
  /** Ack times per publisher. */
  publisher: number[][];
  subscriber: { ackedAt: number; deliveredAt: number }[];
  consumer: number[];
}

export interface Stall {
  publisherMs: number;
  subscriberMs: number;
  consumerMs: number;
}

/** The progress of the load as times, taken from a trace (acks, deliveries, confirmed acks). */
export function progressOf(trace: Trace): Progress {
  const ackedAt = new Map<string, number>();
  for (const ack of trace.acks) ackedAt.set(`${ack.channel} ${ack.eid}`, ack.at);
  const subscriber: Progress["subscriber"] = [];
  for (const delivery of trace.deliveries) {
    const at = ackedAt.get(`${delivery.channel} ${delivery.eid}`);
    if (at !== undefined) subscriber.push({ ackedAt: at, deliveredAt: delivery.at });
  }
  return {
    publisher: [...new Set(trace.acks.map((ack) => ack.publisher))].map((publisher) =>
      trace.acks
        .filter((ack) => ack.publisher === publisher)
        .map((ack) => ack.at)
        .sort((a, b) => a - b),
    ),
    subscriber,
    consumer: trace.queueAcks
      .filter((ack) => ack.confirmed)
      .map((ack) => ack.at)
      .sort((a, b) => a - b),
  };
}

/** The longest gap between consecutive times that ends after `from` and starts before `to`. */
function longestGap(times: number[], from: number, to: number): number {
  let longest = 0;
  let previous: number | undefined;
  for (const at of times) {
    if (at > from && previous !== undefined && previous < to)
      longest = Math.max(longest, Math.min(at, to) - Math.max(previous, from));
    previous = at;
  }
  // No progress at all after `from` up to `to`: the whole window stalled.
  const last = times[times.length - 1];
  if (last === undefined || last <= from) longest = Math.max(longest, to - from);
  return longest;
}

/**
 * The stall a fault caused, within its window from its start to `to` (when the next fault starts,
 * which is only after the load recovered; a stall is cut off at `to`): for publishers
 * the longest time one publisher went without an ack, for queue consumers the longest time the
 * queue went without a confirmed consumer ack, counted from the fault's start; for subscribers the longest an event acknowledged before `to` waited
 * for delivery past the fault's start (from its ack or the fault's start, whichever is later).
 */
export function stallOf(progress: Progress, from: number, to: number): Stall {
  let subscriberMs = 0;
  for (const { ackedAt, deliveredAt } of progress.subscriber)
    if (deliveredAt > from && ackedAt < to)
      subscriberMs = Math.max(subscriberMs, Math.min(deliveredAt, to) - Math.max(ackedAt, from));
  return {
    publisherMs: Math.max(0, ...progress.publisher.map((times) => longestGap(times, from, to))),
    subscriberMs,
    consumerMs: longestGap(progress.consumer, from, to),
  };
}
