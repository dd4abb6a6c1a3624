import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RealmListSchema, type RealmSummary } from "@em/contracts";
import { eventually } from "@em/testkit";
import { startLocalStack, type LocalStack } from "../support/local-stack.js";

async function listRealms(
  stack: LocalStack,
  session: Awaited<ReturnType<LocalStack["adminApi"]["adminSession"]>>,
) {
  const started = performance.now();
  const response = await session.get("/api/realms");
  const elapsedMs = performance.now() - started;
  expect(response.status).toBe(200);
  const { realms } = RealmListSchema.parse(await response.json());
  return {
    realms,
    elapsedMs,
    byName: (name: string) => realms.find((realm) => realm.name === name),
  };
}

describe("realm health through the admin API", () => {
  let stack: LocalStack;

  beforeAll(async () => {
    stack = await startLocalStack({ realms: 3 });
  });

  afterAll(async () => {
    await stack?.[Symbol.asyncDispose]();
  });

  it("shows every realm online with RNAMEs once they answer", async () => {
    const session = await stack.adminApi.adminSession();
    const { realms } = await eventually("three online realms", async () => {
      const listed = await listRealms(stack, session);
      return listed.realms.length === 3 && listed.realms.every((realm) => realm.status === "online")
        ? listed
        : null;
    });
    const realm1 = realms.find((realm) => realm.name === "realm1") as RealmSummary;
    const hosted = await stack.host.hostedRealm("realm1");
    expect(realm1.rnames).toEqual([
      `nsp://127.0.0.1:${hosted.ports.nsp}`,
      `nhp://127.0.0.1:${hosted.ports.nhp}`,
    ]);
    expect(realm1.version).toMatch(/^2\.1\d\./);
    expect(realm1.stale).toBe(false);
  });

  it("answers within 1 s while a realm is frozen (SIGSTOP), marking only that realm unresponsive", async () => {
    const session = await stack.adminApi.adminSession();
    const frozen = await stack.host.hostedRealm("realm2");
    expect(frozen.process.pid).not.toBeNull();
    // Freeze the process behind realmd's back: nothing but its silence tells the console.
    process.kill(frozen.process.pid as number, "SIGSTOP");
    try {
      const listed = await eventually("realm2 unresponsive", async () => {
        const result = await listRealms(stack, session);
        expect(result.elapsedMs).toBeLessThan(1000);
        return result.byName("realm2")?.status === "unresponsive" ? result : null;
      });
      for (const name of ["realm1", "realm3"]) {
        const realm = listed.byName(name);
        expect(realm?.status, name).toBe("online");
        expect(realm?.stale, name).toBe(false);
      }
      // Several more polls: still fast, still fresh for the healthy realms.
      for (let i = 0; i < 5; i++) {
        const again = await listRealms(stack, session);
        expect(again.elapsedMs).toBeLessThan(1000);
        expect(again.byName("realm2")?.status).toBe("unresponsive");
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
    } finally {
      process.kill(frozen.process.pid as number, "SIGCONT");
    }
    await eventually("realm2 online again", async () => {
      const result = await listRealms(stack, session);
      return result.byName("realm2")?.status === "online";
    });
  });

  it("keeps realms and hosts across restarts of realmd and the admin API", async () => {
    const before = await stack.host.hostedRealm("realm3");
    await stack.host.crash();
    await stack.host.restart();
    const adopted = await stack.host.hostedRealm("realm3");
    expect(adopted.process.pid).toBe(before.process.pid);
    expect(adopted.process.state).toBe("running");

    await stack.host.restart();
    await stack.restartAdminApi();
    const session = await stack.adminApi.adminSession();
    const hosts = (await (await session.get("/api/hosts")).json()) as { hosts: unknown[] };
    expect(hosts.hosts).toHaveLength(1);
    await eventually(
      "all realms online after both restarts",
      async () => {
        const result = await listRealms(stack, session);
        return (
          result.realms.length === 3 && result.realms.every((realm) => realm.status === "online")
        );
      },
      30_000,
    );
  });
});
