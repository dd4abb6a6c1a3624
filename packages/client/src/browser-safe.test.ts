import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const NODE_ONLY = /from\s+"(node:[^"]+|@nats-io\/transport-node|ws)"/;

describe("browser safety", () => {
  it("sdk - no module statically imports Node-only code (the transport loads it on demand)", () => {
    const sources = readdirSync(import.meta.dirname).filter(
      (file) => file.endsWith(".ts") && !file.includes(".test"),
    );
    expect(sources.length).toBeGreaterThan(10);
    const offenders = sources.filter((file) =>
      NODE_ONLY.test(readFileSync(`${import.meta.dirname}/${file}`, "utf8")),
    );
    expect(offenders).toEqual([]);
  });
});
