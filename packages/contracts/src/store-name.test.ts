import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  STORE_NAME_MAX,
  StoreNameSchema,
  storeFolders,
  storeNameFromStream,
  streamNameFor,
  subjectFor,
} from "./store-name.js";

const NAME_CHARS = [..."abcXYZ019/-_#"];

/** Arbitrary valid UM names, biased towards the characters the mapping rewrites. */
const validName = fc
  .array(fc.constantFrom(...NAME_CHARS), { minLength: 1, maxLength: STORE_NAME_MAX })
  .map((chars) => chars.join(""))
  .filter((name) => StoreNameSchema.safeParse(name).success);

/** What the engine accepts: no whitespace, `.`, `*`, `>` or path separators, at most 255. */
function engineAcceptsStreamName(stream: string): boolean {
  return stream.length <= 255 && !/[\s.*>/\\]/.test(stream);
}

describe("StoreNameSchema", () => {
  it.each([["/eu/sales"], ["sales"], ["a-b_c#1"], ["/x".repeat(117) + "y"]])(
    "accepts %s",
    (name) => {
      expect(StoreNameSchema.safeParse(name).success).toBe(true);
    },
  );

  it.each([
    ["", /required/],
    ["/eu sales", /only letters/],
    ["/eu.sales", /only letters/],
    ["/eu/*", /only letters/],
    ["/eu//sales", /empty folder/],
    ["/eu/", /does not end/],
    ["a".repeat(STORE_NAME_MAX + 1), /at most 235/],
  ])("refuses %j, saying what to fix", (name, message) => {
    const result = StoreNameSchema.safeParse(name);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(message);
  });
});

describe("the mapping of names onto streams and subjects", () => {
  it("maps /eu/sales as documented", () => {
    expect(streamNameFor("/eu/sales")).toBe("UM_~eu~sales");
    expect(subjectFor("/eu/sales")).toBe("um.~eu~sales");
  });

  it("never maps two distinct names onto one stream or one subject", () => {
    fc.assert(
      fc.property(validName, validName, (a, b) => {
        fc.pre(a !== b);
        expect(streamNameFor(a)).not.toBe(streamNameFor(b));
        expect(subjectFor(a)).not.toBe(subjectFor(b));
      }),
      { numRuns: 2000 },
    );
  });

  it("round-trips every name through its stream name, which the engine accepts", () => {
    fc.assert(
      fc.property(validName, (name) => {
        const stream = streamNameFor(name);
        expect(engineAcceptsStreamName(stream)).toBe(true);
        expect(subjectFor(name).split(".")).toHaveLength(2);
        expect(storeNameFromStream(stream)).toBe(name);
      }),
      { numRuns: 2000 },
    );
  });

  it("claims no stream it did not make", () => {
    expect(storeNameFromStream("ORDERS")).toBeUndefined();
    expect(storeNameFromStream("UM_")).toBeUndefined();
    expect(storeNameFromStream("UM_a~~b")).toBeUndefined();
  });
});

describe("storeFolders", () => {
  it("lists the folders of a name, outermost first", () => {
    expect(storeFolders("/eu/de/sales")).toEqual(["/eu", "/eu/de"]);
    expect(storeFolders("eu/sales")).toEqual(["eu"]);
    expect(storeFolders("/sales")).toEqual([]);
  });
});
