import { describe, expect, test } from "vitest";
import { DeliveryCheck } from "./delivery-check.js";

describe("DeliveryCheck", () => {
  test("counts nothing for consecutive numbers from several publishers", () => {
    const check = new DeliveryCheck();
    expect(check.check(10, "p1", 5)).toBe("new");
    expect(check.check(11, "p2", 1)).toBe("new");
    expect(check.check(12, "p1", 6)).toBe("new");
    expect(check.check(13, "p2", 2)).toBe("new");
    expect({ lost: check.lost, duplicated: check.duplicated }).toEqual({ lost: 0, duplicated: 0 });
  });

  test("counts the numbers a publisher skipped as lost", () => {
    const check = new DeliveryCheck();
    check.check(1, "p1", 1);
    check.check(2, "p1", 4);
    expect(check.lost).toBe(2);
    expect(check.lastFrom("p1")).toBe(4);
  });

  test("counts an EID or a number seen again as duplicated, and does not move back", () => {
    const check = new DeliveryCheck();
    check.check(5, "p1", 5);
    expect(check.check(5, "p1", 5)).toBe("duplicate");
    expect(check.check(6, "p1", 5)).toBe("duplicate");
    expect(check.check(7, "p1", 6)).toBe("new");
    expect({ lost: check.lost, duplicated: check.duplicated }).toEqual({ lost: 0, duplicated: 2 });
  });
});
