import { jetstreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import type { StoreLeader } from "./leader-view.js";

/**
 * A graceful drill's first moves: the engine's own leader step-downs, so the realm leads nothing
 * when it stops. A planned move costs sessions tens of ms where a kill costs a 4–8 s election
 * (DESIGN.md). NATS vocabulary stays in this module.
 */

/** @default 2000 — one step-down request, and the wait for a new leader after it. */
const STEPDOWN_TIMEOUT_MS = 2_000;
/** @default 5 — step-downs asked per leader before giving up. */
const STEPDOWN_ATTEMPTS = 5;
/** @default 25 — between checks of who leads now. */
const LEADER_POLL_MS = 25;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface ApiAnswer {
  success?: boolean;
  error?: { description?: string };
}

async function ask(nc: NatsConnection, subject: string): Promise<void> {
  const answer = (
    await nc.request(subject, "", { timeout: STEPDOWN_TIMEOUT_MS })
  ).json<ApiAnswer>();
  if (answer.error) throw new Error(answer.error.description ?? "refused without a reason");
}

/** Asks for step-downs until `leader()` names another realm than `realm`; returns it. */
async function stepDownUntilMoved(
  realm: string,
  stepDown: () => Promise<void>,
  leader: () => Promise<string | null>,
  what: string,
): Promise<string> {
  let lastProblem = "";
  for (let attempt = 1; attempt <= STEPDOWN_ATTEMPTS; attempt++) {
    try {
      await stepDown();
    } catch (error) {
      lastProblem = error instanceof Error ? error.message : String(error);
    }
    const deadline = Date.now() + STEPDOWN_TIMEOUT_MS;
    while (Date.now() < deadline) {
      const now = await leader().catch(() => null);
      if (now && now !== realm) return now;
      await sleep(LEADER_POLL_MS);
    }
  }
  throw new Error(
    `${what} stayed on ${realm} after ${STEPDOWN_ATTEMPTS} step-downs${lastProblem ? ` (${lastProblem})` : ""}`,
  );
}

/**
 * Moves the leadership of every replicated store `realm` leads to another replica, asked on the
 * realm's own connection (as its app user). Returns "store → new leader" for each.
 */
export async function moveStoreLeadersOff(
  nc: NatsConnection,
  realm: string,
  stores: ReadonlyMap<string, StoreLeader>,
): Promise<string[]> {
  const jsm = await jetstreamManager(nc, { timeout: STEPDOWN_TIMEOUT_MS, checkAPI: false });
  const moved: string[] = [];
  for (const [name, store] of stores) {
    // A realm-local store has no other replica to lead it: it goes down with the realm.
    if (store.leader !== realm || store.replicas < 2) continue;
    const to = await stepDownUntilMoved(
      realm,
      () => ask(nc, `$JS.API.STREAM.LEADER.STEPDOWN.${store.stream}`),
      async () => (await jsm.streams.info(store.stream)).cluster?.leader ?? null,
      `the leadership of ${name}`,
    );
    moved.push(`${name} → ${to}`);
  }
  return moved;
}

/** The meta leader as one server of the cluster sees it (system account). */
async function metaLeader(nc: NatsConnection): Promise<string | null> {
  const answer = (
    await nc.request("$SYS.REQ.SERVER.PING.JSZ", "", { timeout: STEPDOWN_TIMEOUT_MS })
  ).json<{ data?: { meta_cluster?: { leader?: string } } }>();
  return answer.data?.meta_cluster?.leader || null;
}

/**
 * Moves the master (the meta leader) off `realm` when it holds it, asked as the system user.
 * Returns the new master, or null when `realm` was not the master.
 */
export async function moveMasterOff(nc: NatsConnection, realm: string): Promise<string | null> {
  if ((await metaLeader(nc)) !== realm) return null;
  return stepDownUntilMoved(
    realm,
    () => ask(nc, "$JS.API.META.LEADER.STEPDOWN"),
    () => metaLeader(nc),
    "the master",
  );
}
