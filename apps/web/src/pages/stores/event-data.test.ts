import { describe, expect, it } from "vitest";
import { dataByteLength, hexDump, hexProblem, normalizeHex } from "./event-data.js";

describe("event data", () => {
  it("dumps hex as bytes, 16 a line", () => {
    expect(hexDump("48656c6c6f")).toBe("48 65 6c 6c 6f");
    expect(hexDump("00".repeat(18))).toBe(`${"00 ".repeat(15)}00\n00 00`);
    expect(hexDump("")).toBe("");
  });

  it("accepts typed hex with spaces and refuses what is not whole bytes", () => {
    expect(normalizeHex("DE ad\nbe EF")).toBe("deadbeef");
    expect(hexProblem("de ad")).toBeNull();
    expect(hexProblem("abc")).toMatch(/even number/);
    expect(hexProblem("zz")).toMatch(/0-9 and a-f/);
  });

  it("counts UTF-8 bytes of text and bytes of hex", () => {
    expect(dataByteLength("héllo", "text")).toBe(6);
    expect(dataByteLength("de ad be ef", "hex")).toBe(4);
  });
});
