// Scenario I of the seed: a subscriber consuming /sales on realm1 loses its realm and, with
// realm2 and realm3 next in its RNAME list, resumes on one of them where it left off — no event
// missed, none twice. Its list mixes protocols: realm1 over WebSocket (nhp), the others over
// TCP (nsp). A publisher on realm2 sends numbered events meanwhile; half-way realm1 is
// SIGKILLed (through realmd) and started again at the end.
//
//   npx tsx examples/subscriber-failover.ts [--events 500] [--rate 50] [--kill realm1 | --no-kill]
import { createSession } from "@em/client";
import { exampleArgs, logStatus, sleep, tallyRun } from "./event-tally.js";
import { exampleRealms, killRealm, settings, startRealm, credentialsFor } from "./realm-access.js";

const args = exampleArgs({ kill: "realm1" });
const [realm1, realm2, realm3] = await exampleRealms();
if (!realm1 || !realm2 || !realm3) throw new Error("three realms expected");
const credentials = credentialsFor([realm1, realm2, realm3]);

const subscriber = await createSession({
  rnames: `${realm1.wsRname},${realm2.rname},${realm3.rname}`,
  name: "example-subscriber",
  credentials,
});
const subscriberLog = logStatus("subscriber", subscriber);
const publisher = await createSession({
  rnames: `${realm2.rname},${realm3.rname},${realm1.rname}`,
  name: "example-publisher",
  credentials,
});
logStatus("publisher", publisher);

const { run, tally, subscription } = await tallyRun(subscriber, settings.channel);

let sent = 0;
let killed: string | undefined;
for (let n = 1; n <= args.events; n++) {
  await publisher.publish(settings.channel, JSON.stringify({ run, n }));
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
console.log(`[subscriber] last EID handled: ${subscription.lastEid}`);
const { missing, duplicated } = tally.summary(sent);
console.log(
  `[example] subscriber on ${subscriber.realm ?? "no realm"} after ${subscriberLog.failovers} failover(s): ` +
    `sent ${sent}, received ${tally.received}, missing ${missing}, duplicated ${duplicated}`,
);
await publisher.close();
await subscriber.close();
if (killed) {
  await startRealm(killed);
  console.log(`[example] ${killed} started again`);
}
process.exitCode = missing === 0 && duplicated === 0 ? 0 : 1;
