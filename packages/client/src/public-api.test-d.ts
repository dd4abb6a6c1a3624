import { describe, expectTypeOf, it } from "vitest";
import type { ClientError, PublishTimeoutError, RnameError, SessionClosedError } from "./index.js";
import {
  createSession,
  parseRnames,
  type AckableEvent,
  type ChannelSubscription,
  type Publisher,
  type Published,
  type QueueConsumer,
  type QueueEvent,
  type Rname,
  type Session,
  type SessionOptions,
  type SessionStatus,
  type StoredEvent,
} from "./index.js";

describe("the public API of @em/client", () => {
  it("createSession takes options and resolves a Session", () => {
    expectTypeOf(createSession).parameter(0).toEqualTypeOf<SessionOptions>();
    expectTypeOf(createSession).returns.toEqualTypeOf<Promise<Session>>();
    expectTypeOf<SessionOptions["rnames"]>().toEqualTypeOf<string | readonly string[]>();
    expectTypeOf(parseRnames).returns.toEqualTypeOf<Rname[]>();
  });

  it("status is a discriminated union on type", () => {
    expectTypeOf<SessionStatus["type"]>().toEqualTypeOf<
      "connected" | "disconnected" | "reconnecting" | "reconnected" | "closed"
    >();
    expectTypeOf<Extract<SessionStatus, { type: "reconnected" }>>().toMatchObjectType<{
      realm: string;
      fromRealm: string;
      stallMs: number;
    }>();
    expectTypeOf<Session["on"]>().parameter(1).toBeFunction();
    expectTypeOf<ReturnType<Session["statuses"]>>().toEqualTypeOf<
      AsyncIterableIterator<SessionStatus>
    >();
  });

  it("publish resolves the EID; the publisher hands out a stored promise", () => {
    expectTypeOf<Session["publish"]>().returns.toEqualTypeOf<Promise<Published>>();
    expectTypeOf<Published>().toEqualTypeOf<{ eid: number; eventId: string; duplicate: boolean }>();
    expectTypeOf<Session["publisher"]>().returns.toEqualTypeOf<Publisher>();
    expectTypeOf<Awaited<ReturnType<Publisher["publish"]>>["stored"]>().toEqualTypeOf<
      Promise<Published>
    >();
  });

  it("subscribe takes one start position at most, and durable handlers get ack()", () => {
    const session = {} as Session;
    const handler = (_event: StoredEvent) => undefined;
    expectTypeOf(session.subscribe("/c", handler, { fromEid: 3 })).toEqualTypeOf<
      Promise<ChannelSubscription>
    >();
    // @ts-expect-error fromEid and fromLatest exclude each other
    void session.subscribe("/c", handler, { fromEid: 3, fromLatest: true });
    void session.subscribe(
      "/c",
      async (event: AckableEvent) => {
        expectTypeOf<AckableEvent["ack"]>().returns.toEqualTypeOf<Promise<void>>();
        await event.ack();
      },
      { durable: "billing", ack: "explicit" },
    );
    expectTypeOf<ChannelSubscription["lastEid"]>().toEqualTypeOf<number>();
  });

  it("queues: push, pop with a timeout, consume with ack / nack and redeliveries", () => {
    expectTypeOf<Session["pop"]>().returns.toEqualTypeOf<Promise<QueueEvent | null>>();
    expectTypeOf<QueueEvent["redeliveries"]>().toEqualTypeOf<number>();
    expectTypeOf<QueueEvent["nack"]>().parameters.toEqualTypeOf<[delayMs?: number]>();
    expectTypeOf<Session["consume"]>().returns.toEqualTypeOf<QueueConsumer>();
  });

  it("errors are classes with cause under ClientError", () => {
    expectTypeOf<RnameError>().toExtend<ClientError>();
    expectTypeOf<SessionClosedError>().toExtend<ClientError>();
    expectTypeOf<PublishTimeoutError["eventId"]>().toEqualTypeOf<string>();
  });
});
