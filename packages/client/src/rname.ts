import { RnameError } from "./errors.js";

/** The RNAME protocols: NATS TCP (`nsp`), NATS WebSocket (`nhp`), and their TLS variants. */
export type RnameProtocol = "nsp" | "nhp" | "nsps" | "nhps";

/** One parsed RNAME: where a realm listens and how to speak to it. */
export interface Rname {
  protocol: RnameProtocol;
  /** Host name or IP address; an IPv6 address without brackets. */
  host: string;
  port: number;
  /** The normalised RNAME, always with its port: `nsp://127.0.0.1:9000`. */
  text: string;
  /** True for `nhp` / `nhps`: the realm is reached over WebSocket. */
  websocket: boolean;
  /** True for `nsps` / `nhps`: the connection uses TLS. */
  tls: boolean;
}

/**
 * The port used when an RNAME has none: UM's default realm interface for the socket protocols
 * (9000) and the usual HTTP / HTTPS ports for the WebSocket ones (80 / 443).
 */
export const RNAME_DEFAULT_PORTS: Readonly<Record<RnameProtocol, number>> = {
  nsp: 9000,
  nsps: 9000,
  nhp: 80,
  nhps: 443,
};

const ENTRY = /^(nsp|nhp|nsps|nhps):\/\/(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._-]+)(?::(\d{1,5}))?\/?$/;

/** Parses one RNAME such as `nsp://host:9000`; throws {@link RnameError} when it is not one. */
export function parseRname(entry: string): Rname {
  const text = entry.trim();
  const match = ENTRY.exec(text);
  if (!match) {
    const protocol = /^([A-Za-z]+):\/\//.exec(text)?.[1];
    const why =
      protocol && !(protocol in RNAME_DEFAULT_PORTS)
        ? `unknown protocol '${protocol}' (use nsp, nhp, nsps or nhps)`
        : "expected protocol://host:port, e.g. nsp://localhost:9000";
    throw new RnameError(`bad RNAME '${text}': ${why}`, text);
  }
  const protocol = match[1] as RnameProtocol;
  const bracketed = match[2] ?? "";
  const host = bracketed.startsWith("[") ? bracketed.slice(1, -1) : bracketed;
  const port = match[3] === undefined ? RNAME_DEFAULT_PORTS[protocol] : Number(match[3]);
  if (port < 1 || port > 65_535)
    throw new RnameError(`bad RNAME '${text}': port ${port} is not between 1 and 65535`, text);
  return {
    protocol,
    host,
    port,
    text: `${protocol}://${host.includes(":") ? `[${host}]` : host}:${port}`,
    websocket: protocol === "nhp" || protocol === "nhps",
    tls: protocol === "nsps" || protocol === "nhps",
  };
}

/**
 * Parses a UM RNAME list: entries separated by `,` are tried in the order given; entries
 * separated by `;` are tried in a shuffled order (drawn once, with `random`). A list mixes no
 * separators. An array is taken as an ordered list.
 * @example parseRnames("nhp://a:9001,nsp://b:9000") // a first, then b
 */
export function parseRnames(list: string | readonly string[], random = Math.random): Rname[] {
  if (typeof list !== "string") {
    if (list.length === 0) throw new RnameError("the RNAME list is empty", "");
    return list.map(parseRname);
  }
  const text = list.trim();
  if (text === "") throw new RnameError("the RNAME list is empty", list);
  if (text.includes(",") && text.includes(";"))
    throw new RnameError("an RNAME list uses ',' (ordered) or ';' (shuffled), not both", list);
  const shuffled = text.includes(";");
  const entries = text.split(shuffled ? ";" : ",").map((entry) => entry.trim());
  if (entries.some((entry) => entry === ""))
    throw new RnameError(`the RNAME list '${text}' has an empty entry`, list);
  const rnames = entries.map(parseRname);
  return shuffled ? shuffle(rnames, random) : rnames;
}

/** Fisher–Yates with an injectable random source, so tests can pin the order. */
function shuffle<T>(items: T[], random: () => number): T[] {
  const result = [...items];
  for (let i = result.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [result[i], result[j]] = [result[j] as T, result[i] as T];
  }
  return result;
}
