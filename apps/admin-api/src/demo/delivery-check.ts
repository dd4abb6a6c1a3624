/** The body of a demo event: who published it, its number, and when it was first sent. */
export interface DemoEventBody {
  /** The demo run, so events of an earlier run on the same channel are not mistaken for lost. */
  run: string;
  publisher: string;
  n: number;
  /** Epoch ms of the first attempt: subscribers measure delivery latency from it. */
  sentAt: number;
}

export type DeliveryVerdict = "new" | "duplicate";

/**
 * Checks every event a demo subscriber gets: EIDs must rise, and each publisher's numbers must
 * follow one another. A number skipped is an event lost, a number or EID seen again an event
 * delivered twice. The first number of each publisher is the baseline: subscribers start at
 * the channel's latest event, mid-stream.
 */
export class DeliveryCheck {
  lost = 0;
  duplicated = 0;
  private lastEid = 0;
  private readonly lastNumber = new Map<string, number>();

  check(eid: number, publisher: string, n: number): DeliveryVerdict {
    if (eid <= this.lastEid) {
      this.duplicated++;
      return "duplicate";
    }
    this.lastEid = eid;
    const last = this.lastNumber.get(publisher);
    if (last !== undefined && n <= last) {
      this.duplicated++;
      return "duplicate";
    }
    if (last !== undefined && n > last + 1) this.lost += n - last - 1;
    this.lastNumber.set(publisher, n);
    return "new";
  }

  /** The last number seen from a publisher; 0 before any. */
  lastFrom(publisher: string): number {
    return this.lastNumber.get(publisher) ?? 0;
  }
}
