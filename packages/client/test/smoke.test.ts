import { afterAll, beforeAll, expect, it } from "vitest";
import { createSession, type Session } from "../src/index.js";
import { startClientCluster, type ClientCluster } from "./cluster-fixture.js";

let cluster: ClientCluster;
beforeAll(async () => {
  cluster = await startClientCluster();
  await cluster.createChannel("/smoke");
});
afterAll(async () => {
  await cluster?.[Symbol.asyncDispose]();
});

it("smoke", async () => {
  const rnames = [await cluster.rname("realm1"), await cluster.rname("realm2", "nhp")];
  const session: Session = await createSession({
    rnames,
    credentials: cluster.credentials,
    name: "smoke",
  });
  const got: number[] = [];
  const sub = await session.subscribe("/smoke", (event) => {
    got.push(event.eid);
  });
  for (let i = 0; i < 20; i++) await session.publish("/smoke", `e${i}`);
  await new Promise((r) => setTimeout(r, 1000));
  expect(got.length).toBe(20);
  await sub.stop();
  await session.close();
});
