import { describe, expect, it } from "vitest";
import { newestEid, tailGap } from "./tail-gap.js";

const page = (...eids: number[]) => eids.map((eid) => ({ eid }));

describe("live tail gap", () => {
  it("finds the EIDs a burst pushed past the newest page between two polls", () => {
    expect(tailGap(10, page(41, 42, 43))).toEqual({ fromEid: 11, toEid: 40 });
  });

  it("reports nothing when the new page follows on, overlaps, or there is no history", () => {
    expect(tailGap(10, page(11, 12))).toBeNull();
    expect(tailGap(10, page(5, 6, 12))).toBeNull();
    expect(tailGap(null, page(41))).toBeNull();
    expect(tailGap(10, page())).toBeNull();
  });

  it("keeps the last newest EID when a page is empty", () => {
    expect(newestEid(page(3, 4), null)).toBe(4);
    expect(newestEid(page(), 7)).toBe(7);
  });
});
