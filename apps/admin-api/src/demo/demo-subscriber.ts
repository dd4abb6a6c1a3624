import type { ChannelSubscription, Session, StoredEvent } from "@em/client";
import { DeliveryCheck, type DemoEventBody } from "./delivery-check.js";
import { recordFailovers, type DemoFailover } from "./demo-failovers.js";
import { StallMeter } from "./stall-meter.js";

/** A demo subscriber session: checks every event of its run for gaps and duplicates. */
export class DemoSubscriber {
  readonly role = "subscriber" as const;
  readonly failovers: DemoFailover[] = [];
  readonly stall = new StallMeter();
  readonly check = new DeliveryCheck();
  /** Events of this run delivered once. */
  events = 0;
  /** Epoch ms of the last delivery. */
  lastDeliveryAt = Date.now();
  private readonly stopRecording: () => void;
  private subscription: ChannelSubscription | undefined;

  private constructor(
    readonly session: Session,
    private readonly run: string,
  ) {
    this.stopRecording = recordFailovers(session, this.failovers);
  }

  /** Subscribes from the channel's latest event; resolves once the subscription is in place. */
  static async start(session: Session, channel: string, run: string): Promise<DemoSubscriber> {
    const subscriber = new DemoSubscriber(session, run);
    subscriber.subscription = await session.subscribe(channel, (event) => subscriber.handle(event));
    return subscriber;
  }

  get name(): string {
    return this.session.name;
  }

  /**
   * How long events stored for it have waited: when a publisher is ahead of what it has
   * delivered, the time since its last delivery.
   */
  pendingMs(lastStored: ReadonlyMap<string, number>, now = Date.now()): number {
    for (const [publisher, n] of lastStored)
      if (n > this.check.lastFrom(publisher)) return now - this.lastDeliveryAt;
    return 0;
  }

  async stop(): Promise<void> {
    this.stopRecording();
    await this.subscription?.stop().catch(() => undefined);
    await this.session.close().catch(() => undefined);
  }

  private handle(event: StoredEvent): void {
    let body: DemoEventBody;
    try {
      body = event.json<DemoEventBody>();
    } catch {
      return; // someone else's event on the channel
    }
    if (body.run !== this.run) return;
    const now = Date.now();
    if (this.check.check(event.eid, body.publisher, body.n) === "duplicate") return;
    this.events++;
    this.lastDeliveryAt = now;
    this.stall.record(Math.max(0, now - body.sentAt));
  }
}
