import { describe, expect, it } from "vitest";
import {
  formatAgo,
  formatByteRate,
  formatCount,
  formatStall,
  formatBytes,
  formatCompact,
  formatLastSeen,
  formatUptime,
} from "./format.js";

describe("format", () => {
  it("shows uptime the way an operator reads it", () => {
    expect(formatUptime(null)).toBe("—");
    expect(formatUptime(42)).toBe("42s");
    expect(formatUptime(725)).toBe("12m 5s");
    expect(formatUptime(3 * 3600 + 12 * 60 + 9)).toBe("3h 12m");
    expect(formatUptime(4 * 86_400 + 2 * 3600)).toBe("4d 2h");
  });

  it("shows bytes in binary units with one decimal below ten", () => {
    expect(formatBytes(0)).toBe("0 B");
    expect(formatBytes(512)).toBe("512 B");
    expect(formatBytes(3482)).toBe("3.4 KiB");
    expect(formatBytes(12 * 1024 * 1024)).toBe("12 MiB");
    expect(formatByteRate(null)).toBe("—");
    expect(formatByteRate(2048)).toBe("2.0 KiB/s");
  });

  it("compacts counts and rates", () => {
    expect(formatCompact(0)).toBe("0");
    expect(formatCompact(12.54)).toBe("12.5");
    expect(formatCompact(950)).toBe("950");
    expect(formatCompact(1234)).toBe("1.2k");
    expect(formatCompact(34_000_000)).toBe("34M");
    expect(formatCompact(null)).toBe("—");
  });

  it("says how long ago a realm was seen", () => {
    const now = Date.parse("2025-01-01T00:01:00Z");
    expect(formatAgo(400)).toBe("just now");
    expect(formatAgo(12_000)).toBe("12s ago");
    expect(formatLastSeen("2025-01-01T00:00:48Z", now)).toBe("last seen 12s ago");
    expect(formatLastSeen(null, now)).toBe("never seen");
  });
});

describe("counts and stalls", () => {
  it("separates thousands and shows stalls in ms below a second", () => {
    expect(formatCount(1_000)).toBe("1,000");
    expect(formatCount(7)).toBe("7");
    expect(formatStall(null)).toBe("—");
    expect(formatStall(27.4)).toBe("27 ms");
    expect(formatStall(6_100)).toBe("6.1 s");
  });
});
