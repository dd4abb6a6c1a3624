// Applies one scheduled fault and heals it: process faults through the admin API's realm actions
// (realmd sends the signals), network faults through the realm's client proxy.
import { createSession, type Session } from "@em/client";
import {
  API_ROUTES,
  ClusterDetailSchema,
  StoreDetailSchema,
  apiPath,
  type RealmAction,
} from "@em/contracts";
import type { HttpSession } from "@em/testkit";
import type { MinorityProbe } from "./checker.js";
import type { Fault } from "./schedule.js";
import type { TcpProxy } from "./tcp-proxy.js";

export interface ChaosRealm {
  name: string;
  /** The RNAME of the realm's proxy: what every SDK session dials. */
  rname: string;
  proxy: TcpProxy;
  credentials: { user: string; pass: string };
}

export interface FaultTarget {
  clusterName: string;
  session: HttpSession;
  realms: ChaosRealm[];
  /** The channel the minority probe publishes to. */
  minorityChannel: string;
  now: () => number;
}

/** What happened when a fault ran. */
export interface FaultRun {
  fault: Fault;
  /** Roles held by the target when the fault began (`master`, `leader of <store>`). */
  roles: string[];
  startedAt: number;
  healedAt: number;
  /** When the load had made progress again (null: not within the limit). */
  recoveredAt: number | null;
  /** When the cluster was whole again: a master, 3/3, every replica current (null: never). */
  clusterWholeAt: number | null;
  /** The cluster stayed broken after the load recovered (an engine anomaly) and was repaired. */
  anomaly?: { problems: string[]; repair: string; repairedAfterMs: number | null };
  probe?: MinorityProbe;
  /** An action the admin API refused or that failed, if any. */
  error?: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function realmAction(target: FaultTarget, realm: string, action: RealmAction) {
  const response = await target.session.post(
    apiPath(API_ROUTES.realmAction.path, { name: realm, action }),
  );
  if (response.status !== 200)
    throw new Error(`${action} ${realm}: ${response.status} ${await response.text()}`);
}

/** A graceful restart (SIGTERM, then start) through the admin API, as an operator's repair. */
export function restartRealm(target: FaultTarget, realm: string): Promise<void> {
  return realmAction(target, realm, "restart");
}

/** The cluster's master and each store's leader, to say what the target led. */
export async function rolesOf(
  target: FaultTarget,
  realm: string,
  stores: { kind: "channel" | "queue"; name: string }[],
): Promise<string[]> {
  const roles: string[] = [];
  try {
    const cluster = ClusterDetailSchema.parse(
      await (
        await target.session.get(apiPath(API_ROUTES.getCluster.path, { name: target.clusterName }))
      ).json(),
    );
    if (cluster.master === realm) roles.push("master");
    for (const store of stores) {
      const detail = await storeDetail(target, store.kind, store.name);
      if (detail.leader === realm) roles.push(`leader of ${store.name}`);
    }
  } catch {
    roles.push("roles unknown");
  }
  return roles;
}

export async function storeDetail(target: FaultTarget, kind: "channel" | "queue", name: string) {
  const route = kind === "channel" ? API_ROUTES.clusterChannelGet : API_ROUTES.clusterQueueGet;
  const params: Record<string, string> = { name: target.clusterName, [kind]: name };
  const response = await target.session.get(apiPath(route.path, params));
  if (response.status !== 200)
    throw new Error(`${kind} ${name}: ${response.status} ${await response.text()}`);
  return StoreDetailSchema.parse(await response.json());
}

function realmOf(target: FaultTarget, name: string): ChaosRealm {
  const realm = target.realms.find((candidate) => candidate.name === name);
  if (!realm) throw new Error(`no realm ${name}`);
  return realm;
}

/**
 * A publish through the lone realm alone, while the other two are paused: it must not be
 * acknowledged. A session whose RNAME list names only that realm, connected before the others
 * stop, with a short publish timeout.
 */
async function minorityProbe(target: FaultTarget, fault: Fault): Promise<MinorityProbe> {
  const lone = realmOf(target, fault.target);
  const others = target.realms.filter((realm) => realm.name !== lone.name);
  const eventId = `minority-${fault.index}`;
  const session: Session = await createSession({
    rnames: [lone.rname],
    name: `chaos-minority-${fault.index}`,
    credentials: lone.credentials,
    publishTimeoutMs: Math.max(1_000, fault.holdMs - 500),
    reports: false,
  });
  const paused: string[] = [];
  try {
    for (const other of others) {
      await realmAction(target, other.name, "pause");
      paused.push(other.name);
    }
    const probe: MinorityProbe = {
      fault: fault.index,
      realm: lone.name,
      eventId,
      ackedEid: null,
      outcome: "",
    };
    try {
      const { eid } = await session.publish(target.minorityChannel, eventId, { eventId });
      probe.ackedEid = eid;
      probe.outcome = `acknowledged as EID ${eid}`;
    } catch (error) {
      probe.outcome = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    }
    return probe;
  } finally {
    for (const name of paused) await realmAction(target, name, "resume");
    await session.close().catch(() => undefined);
  }
}

/** Runs one fault: applies it, holds it, heals it. Recovery is waited for by the caller. */
export async function runFault(
  target: FaultTarget,
  fault: Fault,
  roles: string[],
): Promise<FaultRun> {
  const run: FaultRun = {
    fault,
    roles,
    startedAt: target.now(),
    healedAt: 0,
    recoveredAt: null,
    clusterWholeAt: null,
  };
  const realm = realmOf(target, fault.target);
  try {
    switch (fault.kind) {
      case "kill":
        await realmAction(target, realm.name, "kill");
        await sleep(fault.holdMs);
        await realmAction(target, realm.name, "start");
        break;
      case "pause":
        await realmAction(target, realm.name, "pause");
        await sleep(fault.holdMs);
        await realmAction(target, realm.name, "resume");
        break;
      case "restart":
        await realmAction(target, realm.name, "restart");
        break;
      case "blackhole":
      case "reset":
        realm.proxy.setMode({ type: fault.kind });
        await sleep(fault.holdMs);
        realm.proxy.setMode({ type: "pass" });
        break;
      case "delay":
        realm.proxy.setMode({ type: "delay", delayMs: fault.delayMs ?? 200 });
        await sleep(fault.holdMs);
        realm.proxy.setMode({ type: "pass" });
        break;
      case "minority":
        run.probe = await minorityProbe(target, fault);
        break;
    }
  } catch (error) {
    run.error = error instanceof Error ? error.message : String(error);
    // Heal whatever the failed step left behind, so the next fault starts from a whole cluster.
    realm.proxy.setMode({ type: "pass" });
    for (const other of target.realms)
      await realmAction(target, other.name, "resume").catch(() => undefined);
    await realmAction(target, realm.name, "start").catch(() => undefined);
  }
  run.healedAt = target.now();
  return run;
}
