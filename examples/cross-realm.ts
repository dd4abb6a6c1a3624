// Scenario III of the seed: publisher and subscriber on different realms. The publisher
// publishes to /sales on realm1, the subscriber consumes /sales on realm2: the channel is a
// cluster channel, so every event reaches it — full guaranteed delivery. Each session lists the
// other realm second, so either carries on if its realm is lost (`--kill realm1` shows it).
//
//   npx tsx examples/cross-realm.ts [--events 500] [--rate 50] [--kill realm1|realm2]
import { createSession } from "@em/client";
import { exampleArgs, logStatus, sleep, tallyRun } from "./event-tally.js";
import { exampleRealms, killRealm, settings, startRealm, credentialsFor } from "./realm-access.js";

const args = exampleArgs({ kill: undefined });
const [realm1, realm2] = await exampleRealms(["realm1", "realm2"]);
if (!realm1 || !realm2) throw new Error("two realms expected");
const credentials = credentialsFor([realm1, realm2]);

const publisher = await createSession({
  rnames: `${realm1.rname},${realm2.rname}`,
  name: "example-publisher",
  credentials,
});
const publisherLog = logStatus("publisher", publisher);
const subscriber = await createSession({
  rnames: `${realm2.rname},${realm1.rname}`,
  name: "example-subscriber",
  credentials,
});
const subscriberLog = logStatus("subscriber", subscriber);

const { run, tally, subscription } = await tallyRun(subscriber, settings.channel);

let sent = 0;
let killed: string | undefined;
for (let n = 1; n <= args.events; n++) {
  await publisher.publish(settings.channel, JSON.stringify({ run, n, from: publisher.realm }));
  sent = n;
  if (n === Math.floor(args.events / 2) && args.kill) {
    console.log(`[example] SIGKILL ${args.kill} after ${n} events`);
    await killRealm(args.kill);
    killed = args.kill;
  }
  await sleep(args.intervalMs);
}
for (let waited = 0; tally.received < sent && waited < 30_000; waited += 100) await sleep(100);

await subscription.stop();
const { missing, duplicated } = tally.summary(sent);
console.log(
  `[example] publisher on ${publisher.realm ?? "no realm"} (${publisherLog.failovers} failover(s)), ` +
    `subscriber on ${subscriber.realm ?? "no realm"} (${subscriberLog.failovers} failover(s)): ` +
    `sent ${sent}, received ${tally.received}, missing ${missing}, duplicated ${duplicated}`,
);
await publisher.close();
await subscriber.close();
if (killed) {
  await startRealm(killed);
  console.log(`[example] ${killed} started again`);
}
process.exitCode = missing === 0 && duplicated === 0 ? 0 : 1;
