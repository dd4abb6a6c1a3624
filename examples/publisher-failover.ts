// Scenario II of the seed: a publisher on realm1 loses its realm and continues publishing on
// the next realm of its RNAME list. An event whose acknowledgement was lost with realm1 is sent
// again with the same event id, so the cluster stores it once. A subscriber on realm2 counts
// what arrives; half-way realm1 is SIGKILLed (through realmd) and started again at the end.
//
//   npx tsx examples/publisher-failover.ts [--events 500] [--rate 50] [--kill realm1 | --no-kill]
import { createSession } from "@em/client";
import { exampleArgs, logStatus, sleep, tallyRun } from "./event-tally.js";
import { exampleRealms, killRealm, settings, startRealm, credentialsFor } from "./realm-access.js";

const args = exampleArgs({ kill: "realm1" });
const [realm1, realm2, realm3] = await exampleRealms();
if (!realm1 || !realm2 || !realm3) throw new Error("three realms expected");
const credentials = credentialsFor([realm1, realm2, realm3]);

const publisher = await createSession({
  rnames: `${realm1.rname},${realm2.rname},${realm3.rname}`,
  name: "example-publisher",
  credentials,
});
const publisherLog = logStatus("publisher", publisher);
const subscriber = await createSession({
  rnames: `${realm2.rname},${realm3.rname},${realm1.rname}`,
  name: "example-subscriber",
  credentials,
});
logStatus("subscriber", subscriber);

const { run, tally, subscription } = await tallyRun(subscriber, settings.channel);

let sent = 0;
let retriedStored = 0;
let killed: string | undefined;
let lastEid = 0;
for (let n = 1; n <= args.events; n++) {
  const published = await publisher.publish(settings.channel, JSON.stringify({ run, n }));
  if (published.duplicate) retriedStored++;
  lastEid = published.eid;
  sent = n;
  if (n === Math.floor(args.events / 2) && args.kill) {
    console.log(`[example] SIGKILL ${args.kill} after ${n} acknowledged events (EID ${lastEid})`);
    await killRealm(args.kill);
    killed = args.kill;
  }
  await sleep(args.intervalMs);
}
for (let waited = 0; tally.received < sent && waited < 30_000; waited += 100) await sleep(100);

await subscription.stop();
const { missing, duplicated } = tally.summary(sent);
console.log(
  `[example] publisher on ${publisher.realm ?? "no realm"} after ${publisherLog.failovers} failover(s), ` +
    `last EID ${lastEid}, ${retriedStored} acknowledged only on a retry: ` +
    `sent ${sent}, received ${tally.received}, missing ${missing}, duplicated ${duplicated}`,
);
await publisher.close();
await subscriber.close();
if (killed) {
  await startRealm(killed);
  console.log(`[example] ${killed} started again`);
}
process.exitCode = missing === 0 && duplicated === 0 ? 0 : 1;
