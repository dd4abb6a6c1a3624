import { describe, expect, it } from "vitest";
import { RnameError } from "./errors.js";
import { RNAME_DEFAULT_PORTS, parseRname, parseRnames } from "./rname.js";

describe("parseRname", () => {
  it("rnames - reads protocol, host and port of each protocol", () => {
    expect(parseRname("nsp://host1:9000")).toEqual({
      protocol: "nsp",
      host: "host1",
      port: 9000,
      text: "nsp://host1:9000",
      websocket: false,
      tls: false,
    });
    expect(parseRname("nhp://10.0.0.1:9001")).toMatchObject({ websocket: true, tls: false });
    expect(parseRname("nsps://h:1")).toMatchObject({ websocket: false, tls: true });
    expect(parseRname("nhps://h:2")).toMatchObject({ websocket: true, tls: true });
  });

  it("rnames - a missing port is UM's default for the protocol", () => {
    for (const protocol of ["nsp", "nhp", "nsps", "nhps"] as const)
      expect(parseRname(`${protocol}://realm-host`).port).toBe(RNAME_DEFAULT_PORTS[protocol]);
  });

  it("rnames - IPv6 hosts are bracketed in the text and bare in host", () => {
    expect(parseRname("nsp://[::1]:9000")).toMatchObject({ host: "::1", text: "nsp://[::1]:9000" });
  });

  it("rnames - bad entries throw RnameError naming the entry and what is wrong", () => {
    expect(() => parseRname("http://h:1")).toThrow(/unknown protocol 'http'/);
    expect(() => parseRname("nsp://h:70000")).toThrow(/port 70000/);
    expect(() => parseRname("nsp:/h:1")).toThrow(RnameError);
    expect(() => parseRname("nsp://h:1/x")).toThrow(RnameError);
    try {
      parseRname("shm://h/x");
    } catch (error) {
      expect(error).toBeInstanceOf(RnameError);
      expect((error as RnameError).rname).toBe("shm://h/x");
    }
  });
});

describe("parseRnames", () => {
  it("rnames - ',' keeps the order given and trims blanks", () => {
    const list = parseRnames(" nhp://a:1 , nsp://b:2,nsps://c:3 ");
    expect(list.map((rname) => rname.text)).toEqual(["nhp://a:1", "nsp://b:2", "nsps://c:3"]);
  });

  it("rnames - ';' shuffles with the injected random source", () => {
    const text = "nsp://a:1;nsp://b:2;nsp://c:3";
    // random() = 0 always swaps with the first element: a b c → c a b → ... deterministic.
    const first = parseRnames(text, () => 0).map((rname) => rname.host);
    const again = parseRnames(text, () => 0).map((rname) => rname.host);
    expect(first).toEqual(again);
    expect([...first].sort()).toEqual(["a", "b", "c"]);
    expect(parseRnames(text, () => 0.999).map((rname) => rname.host)).toEqual(["a", "b", "c"]);
  });

  it("rnames - an array is an ordered list", () => {
    expect(parseRnames(["nsp://a:1", "nhp://b:2"]).map((rname) => rname.host)).toEqual(["a", "b"]);
  });

  it("rnames - empty lists, empty entries and mixed separators are refused", () => {
    expect(() => parseRnames("")).toThrow(/empty/);
    expect(() => parseRnames([])).toThrow(/empty/);
    expect(() => parseRnames("nsp://a:1,,nsp://b:2")).toThrow(/empty entry/);
    expect(() => parseRnames("nsp://a:1,nsp://b:2;nsp://c:3")).toThrow(/not both/);
  });
});
