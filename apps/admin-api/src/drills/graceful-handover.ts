import type { NatsConnection } from "@nats-io/transport-node";
import type { StoreLeader } from "./leader-view.js";

/**
 * A graceful drill's moves before the realm stops, so its leaderships change hands in a planned
 * way: tens of ms for sessions where a kill costs a 4–8 s election (DESIGN.md). NATS vocabulary
 * stays in this module.
 */

/** @default 2000 — one step-down request of the master, and the wait for a new one after it. */
const STEPDOWN_TIMEOUT_MS = 2_000;
/** @default 5 — step-downs asked before giving up. */
const STEPDOWN_ATTEMPTS = 5;
/** @default 25 — between checks of who is the master now. */
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
 * Checks that every replicated store `realm` leads has a follower caught up to take over: the
 * engine hands each leadership to one as the realm shuts down (SIGTERM). Asking for a step-down
 * first would cost more: nats-server 2.10.27 answers one only after its leader waited 250 ms,
 * and publishes stall that long (measured ~275 ms against 40–65 ms for the SIGTERM handover).
 * Returns "store → followers able to lead" for each.
 */
export function assertHandoverPossible(
  realm: string,
  stores: ReadonlyMap<string, StoreLeader>,
): string[] {
  const ready: string[] = [];
  for (const [name, store] of stores) {
    // A realm-local store has no other replica: it goes down with the realm whatever we do.
    if (store.leader !== realm || store.replicas < 2) continue;
    if (store.currentFollowers.length === 0)
      throw new Error(
        `${name} has no follower caught up with ${realm}: stopping it now would cost an election; retry once its replicas are current`,
      );
    ready.push(`${name} → ${store.currentFollowers.join(" or ")}`);
  }
  return ready;
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
