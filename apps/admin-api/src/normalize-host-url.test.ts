import { describe, expect, it } from "vitest";
import { normalizeHostUrl } from "./normalize-host-url.js";

describe("normalizeHostUrl", () => {
  it("spells one realmd URL one way", () => {
    expect(normalizeHostUrl("HTTP://LocalHost:7700/")).toBe("http://localhost:7700");
    expect(normalizeHostUrl("http://127.0.0.1:7700///")).toBe("http://127.0.0.1:7700");
    expect(normalizeHostUrl("https://realms.example:443/realmd/")).toBe(
      "https://realms.example/realmd",
    );
    expect(normalizeHostUrl("http://[::1]:7700/?x=1#y")).toBe("http://[::1]:7700");
  });

  it("refuses credentials in the URL and non-http schemes", () => {
    expect(() => normalizeHostUrl("http://user:pw@host:7700")).toThrow(
      /must not carry credentials/,
    );
    expect(() => normalizeHostUrl("ftp://host")).toThrow(/only http/);
  });
});
