import { isIP } from "node:net";
import type { RealmAppUser, RealmClusterConfig } from "@em/contracts";
import { natsPermissionsFor } from "./app-permissions.js";

/** Everything a realm's nats-server config is made of. */
export interface RealmConfigInput {
  name: string;
  bindHost: string;
  ports: { nsp: number; nhp: number; monitor: number };
  /** Absolute path of the JetStream store. */
  storeDir: string;
  credentials: { systemPassword: string; adminPassword: string };
  /** The cluster the realm joins, listening on bindHost; null or absent when standalone. */
  cluster?: RealmClusterConfig | null;
  /** Application credentials (bcrypt hashes and grants), users of the APP account. */
  appUsers?: readonly RealmAppUser[];
}

/** The system account's name in every realm's config. */
export const SYSTEM_ACCOUNT = "SYS";
/** The system account's user: admin-api speaks to realms as this user. */
export const SYSTEM_USER = "sys";
/** The application account's first user. */
export const ADMIN_USER = "admin";

/** A NATS config string literal. Control characters have no business in any value we write. */
export function quote(value: string): string {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(value)) {
    throw new Error(
      `refusing to write a control character into a realm config: ${JSON.stringify(value)}`,
    );
  }
  return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

/** `host:port`, bracketing IPv6 addresses the way nats-server's listen parser expects. */
export function hostPort(host: string, port: number): string {
  return isIP(host) === 6 ? `[${host}]:${port}` : `${host}:${port}`;
}

/**
 * Renders a realm's nats-server config. Pure, so it is unit-tested; sections are kept apart so
 * cluster membership can add its `cluster {}` block without touching the rest.
 */
export function renderRealmConfig(input: RealmConfigInput): string {
  const { name, bindHost, ports, storeDir, credentials } = input;
  const cluster = input.cluster ? renderClusterBlock(bindHost, input.cluster) : [];
  return [
    `server_name: ${quote(name)}`,
    `listen: ${quote(hostPort(bindHost, ports.nsp))}`,
    // Monitoring exposes connection details; it never leaves loopback whatever bindHost is.
    `http: ${quote(hostPort("127.0.0.1", ports.monitor))}`,
    `server_tags: [${quote(`realm:${name}`)}]`,
    "",
    "websocket {",
    `  listen: ${quote(hostPort(bindHost, ports.nhp))}`,
    "  no_tls: true",
    "}",
    "",
    // sync_interval always: an acknowledged event survives a power loss (DESIGN.md, Durability).
    "jetstream {",
    `  store_dir: ${quote(storeDir)}`,
    "  sync_interval: always",
    "}",
    "",
    // Every user is named: with accounts and no no_auth_user, anonymous clients are refused.
    "accounts {",
    `  ${SYSTEM_ACCOUNT} {`,
    `    users: [{ user: ${quote(SYSTEM_USER)}, password: ${quote(credentials.systemPassword)} }]`,
    "  }",
    "  APP {",
    "    jetstream: enabled",
    "    users: [",
    `      { user: ${quote(ADMIN_USER)}, password: ${quote(credentials.adminPassword)} }`,
    ...(input.appUsers ?? []).flatMap(renderAppUser),
    "    ]",
    "  }",
    "}",
    `system_account: ${SYSTEM_ACCOUNT}`,
    "",
    ...cluster,
  ].join("\n");
}

/** An application credential: its bcrypt hash and what it may publish and subscribe to. */
function renderAppUser(user: RealmAppUser): string[] {
  const { publish, subscribe } = natsPermissionsFor(user.user, user.permissions);
  const list = (subjects: string[]) => subjects.map(quote).join(", ");
  return [
    `      { user: ${quote(user.user)}, password: ${quote(user.passwordHash)}, permissions: {`,
    `        publish: { allow: [${list(publish)}] }`,
    `        subscribe: { allow: [${list(subscribe)}] }`,
    "      } }",
  ];
}

/**
 * The `cluster {}` block. nats-server refuses to start JetStream with a cluster listener and no
 * routes, so callers make sure there is at least one (DESIGN.md, engine facts).
 */
function renderClusterBlock(bindHost: string, cluster: RealmClusterConfig): string[] {
  return [
    "cluster {",
    `  name: ${quote(cluster.name)}`,
    `  listen: ${quote(hostPort(bindHost, cluster.port))}`,
    // Clients follow their RNAME list; without this the server would gossip every member's
    // client URL to them and nats.js would add realms the operator never listed.
    "  no_advertise: true",
    "  routes: [",
    ...cluster.routes.map((route) => `    ${quote(route)}`),
    "  ]",
    "}",
    "",
  ];
}
