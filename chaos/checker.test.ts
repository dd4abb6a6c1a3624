import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { check, emptyTrace, progressOf, stallOf, type Trace } from "./checker.js";

const CHANNEL = "/c";

/** A clean trace: `events` acked in EID order, each delivered once to both subscribers. */
function cleanTrace(events: number, queueEvents = 0): Trace {
  const trace = emptyTrace({ s1: CHANNEL, s2: CHANNEL });
  for (let eid = 1; eid <= events; eid++) {
    trace.acks.push({ publisher: "p1", channel: CHANNEL, eventId: `e${eid}`, eid, at: eid * 10 });
    for (const subscriber of ["s1", "s2"])
      trace.deliveries.push({
        subscriber,
        channel: CHANNEL,
        eid,
        eventId: `e${eid}`,
        at: eid * 10 + 1,
      });
  }
  for (let eid = 1; eid <= queueEvents; eid++) {
    trace.pushes.push({ publisher: "q", channel: "/q", eventId: `q${eid}`, eid, at: eid * 10 });
    trace.queueDeliveries.push({
      consumer: "c1",
      eid,
      eventId: `q${eid}`,
      redeliveries: 0,
      at: eid * 10 + 2,
    });
    trace.queueAcks.push({ consumer: "c1", eid, confirmed: true, at: eid * 10 + 3 });
  }
  return trace;
}

describe("check", () => {
  it("finds nothing in a clean trace", () => {
    const result = check(cleanTrace(50, 20));
    expect(result.findings).toBe(0);
    expect(result.acked).toBe(50);
    expect(result.queue.consumed).toBe(20);
  });

  it("reports an acknowledged event a subscriber never received as lost, and the gap", () => {
    const trace = cleanTrace(5);
    trace.deliveries = trace.deliveries.filter((d) => !(d.subscriber === "s2" && d.eid === 3));
    const result = check(trace);
    expect(result.lost).toEqual([{ subscriber: "s2", eid: 3, eventId: "e3", seen: null }]);
    expect(result.order.find((o) => o.subscriber === "s2")?.gaps).toEqual([{ after: 2, eid: 4 }]);
    expect(result.findings).toBe(2);
  });

  it("reports a different event at an acknowledged EID as lost", () => {
    const trace = cleanTrace(3);
    const delivery = trace.deliveries.find((d) => d.subscriber === "s1" && d.eid === 2);
    if (delivery) delivery.eventId = "other";
    const result = check(trace);
    expect(result.lost).toEqual([{ subscriber: "s1", eid: 2, eventId: "e2", seen: "other" }]);
  });

  it("reports an EID delivered twice as a duplicate and a step back", () => {
    const trace = cleanTrace(3);
    trace.deliveries.push({ subscriber: "s1", channel: CHANNEL, eid: 2, eventId: "e2", at: 99 });
    const result = check(trace);
    expect(result.duplicates).toEqual([
      { subscriber: "s1", eid: 2, eventId: "e2", why: "EID delivered twice" },
    ]);
    expect(result.order.find((o) => o.subscriber === "s1")?.backwards).toEqual([
      { after: 3, eid: 2 },
    ]);
  });

  it("reports one eventId stored at two EIDs (a retry stored twice) as a duplicate", () => {
    const trace = cleanTrace(3);
    trace.acks.push({ publisher: "p1", channel: CHANNEL, eventId: "e3", eid: 4, at: 50 });
    for (const subscriber of ["s1", "s2"])
      trace.deliveries.push({ subscriber, channel: CHANNEL, eid: 4, eventId: "e3", at: 51 });
    const result = check(trace);
    expect(result.duplicates).toEqual([
      { subscriber: null, eid: 4, eventId: "e3", why: "eventId also stored at EID 3" },
    ]);
    expect(result.lost).toEqual([]);
  });

  it("reports events delivered out of order", () => {
    const trace = cleanTrace(4);
    const s1 = trace.deliveries.filter((d) => d.subscriber === "s1");
    const [a, b] = [s1[1], s1[2]];
    if (a && b) [a.eid, b.eid, a.eventId, b.eventId] = [b.eid, a.eid, b.eventId, a.eventId];
    const result = check(trace);
    const order = result.order.find((o) => o.subscriber === "s1");
    expect(order?.gaps).toEqual([{ after: 1, eid: 3 }]);
    expect(order?.backwards).toEqual([{ after: 3, eid: 2 }]);
  });

  it("accepts a queue event redelivered before any confirmed ack (at-least-once)", () => {
    const trace = cleanTrace(0, 2);
    // c2 took EID 1 first, its realm died before its ack was confirmed; c1 got it again.
    trace.queueDeliveries.unshift({
      consumer: "c2",
      eid: 1,
      eventId: "q1",
      redeliveries: 0,
      at: 1,
    });
    trace.queueAcks.unshift({ consumer: "c2", eid: 1, confirmed: false, at: 2 });
    const result = check(trace);
    expect(result.findings).toBe(0);
    expect(result.queue.redeliveries).toBe(1);
  });

  it("reports a queue event handed out again after a confirmed ack as consumed twice", () => {
    const trace = cleanTrace(0, 2);
    trace.queueDeliveries.push({ consumer: "c2", eid: 2, eventId: "q2", redeliveries: 1, at: 100 });
    trace.queueAcks.push({ consumer: "c2", eid: 2, confirmed: true, at: 101 });
    const result = check(trace);
    expect(result.queue.consumedTwice).toEqual([
      { eid: 2, why: "handed to c2 after c1's ack was confirmed" },
    ]);
    expect(result.findings).toBe(1);
  });

  it("counts an unconfirmed ack the cluster applied as consumed once", () => {
    const trace = cleanTrace(0, 1);
    trace.queueAcks = [{ consumer: "c1", eid: 1, confirmed: false, at: 13 }];
    const result = check(trace);
    expect(result.findings).toBe(0);
    expect(result.queue.unconfirmedAcksApplied).toBe(1);
  });

  it("reports queue events left in the queue or gone unacked as never consumed", () => {
    const trace = cleanTrace(0, 3);
    trace.queueAcks = trace.queueAcks.filter((ack) => ack.eid === 1);
    trace.queueDeliveries = trace.queueDeliveries.filter((d) => d.eid !== 3);
    trace.queueLeft = [2];
    const result = check(trace);
    expect(result.queue.neverConsumed).toEqual([
      { eid: 2, why: "still in the queue" },
      { eid: 3, why: "gone, never handed out" },
    ]);
  });

  it("reports a publish a lone realm acknowledged", () => {
    const trace = cleanTrace(1);
    trace.minority.push({
      fault: 3,
      realm: "realm1",
      eventId: "m",
      ackedEid: null,
      outcome: "PublishTimeoutError",
    });
    expect(check(trace).findings).toBe(0);
    trace.minority.push({
      fault: 4,
      realm: "realm2",
      eventId: "m2",
      ackedEid: 7,
      outcome: "acknowledged",
    });
    const result = check(trace);
    expect(result.findings).toBe(1);
    expect(result.minorityAcked.map((probe) => probe.fault)).toEqual([4]);
  });

  it("allows an unacknowledged lone-realm publish stored once after healing, not twice", () => {
    const trace = cleanTrace(1);
    const probe = { fault: 2, realm: "realm3", eventId: "m", ackedEid: null, outcome: "timeout" };
    trace.minority.push({ ...probe, storedAfterHealing: 1 });
    expect(check(trace).findings).toBe(0);
    trace.minority.push({ ...probe, fault: 5, eventId: "m5", storedAfterHealing: 2 });
    expect(check(trace).minorityAcked.map((found) => found.fault)).toEqual([5]);
  });

  it("finds exactly the deliveries a property removes or repeats", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.array(fc.nat(), { maxLength: 5 }),
        fc.array(fc.nat(), { maxLength: 5 }),
        (events, drops, repeats) => {
          const trace = cleanTrace(events);
          const s1 = trace.deliveries.filter((d) => d.subscriber === "s1");
          const dropped = new Set(drops.map((n) => (n % events) + 1));
          const repeated = [...new Set(repeats.map((n) => (n % events) + 1))].filter(
            (eid) => !dropped.has(eid),
          );
          trace.deliveries = [
            ...trace.deliveries.filter((d) => d.subscriber === "s2"),
            ...s1.filter((d) => !dropped.has(d.eid)),
            ...s1.filter((d) => repeated.includes(d.eid)),
          ];
          const result = check(trace);
          expect(result.lost.map((l) => l.eid).sort((a, b) => a - b)).toEqual(
            [...dropped].sort((a, b) => a - b),
          );
          expect(result.duplicates.map((d) => d.eid).sort((a, b) => a - b)).toEqual(
            repeated.sort((a, b) => a - b),
          );
          expect(result.findings === 0).toBe(dropped.size === 0 && repeated.length === 0);
        },
      ),
    );
  });
});

describe("stallOf", () => {
  it("measures the longest time without progress from the fault's start", () => {
    const trace = cleanTrace(0);
    for (const at of [0, 10, 20, 500, 510])
      trace.acks.push({ publisher: "p1", channel: CHANNEL, eventId: `e${at}`, eid: at + 1, at });
    for (const at of [0, 150, 300, 450, 590])
      trace.acks.push({ publisher: "p2", channel: CHANNEL, eventId: `f${at}`, eid: at + 1000, at });
    trace.deliveries.push({ subscriber: "s1", channel: CHANNEL, eid: 21, eventId: "e20", at: 300 });
    trace.queueAcks.push({ consumer: "c1", eid: 1, confirmed: true, at: 5 });
    trace.queueAcks.push({ consumer: "c1", eid: 2, confirmed: true, at: 400 });
    const stall = stallOf(progressOf(trace), 100, 600);
    // p1: from the fault at 100 to its next ack at 500 (p2 went on every 150 ms).
    expect(stall.publisherMs).toBe(400);
    // EID 21 acked at 20, before the fault: its wait counts from the fault at 100.
    expect(stall.subscriberMs).toBe(200);
    expect(stall.consumerMs).toBe(300);
  });

  it("cuts a stall off where the next fault's window begins", () => {
    const trace = cleanTrace(0);
    for (const at of [0, 90, 2_000])
      trace.acks.push({ publisher: "p1", channel: CHANNEL, eventId: `e${at}`, eid: at + 1, at });
    trace.deliveries.push({
      subscriber: "s1",
      channel: CHANNEL,
      eid: 91,
      eventId: "e90",
      at: 1_500,
    });
    const stall = stallOf(progressOf(trace), 100, 400);
    expect(stall.publisherMs).toBe(300);
    expect(stall.subscriberMs).toBe(300);
  });

  it("counts the whole window when nothing moved after the fault", () => {
    const trace = cleanTrace(2);
    expect(stallOf(progressOf(trace), 100, 900).publisherMs).toBe(800);
    expect(stallOf(progressOf(trace), 100, 900).consumerMs).toBe(800);
  });
});
