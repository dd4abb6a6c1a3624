import { AppPermissionsSchema, type AppPermissions } from "@em/contracts";
import { describe, expect, it } from "vitest";
import { natsPermissionsFor } from "./app-permissions.js";
import { renderRealmConfig } from "./realm-config.js";

const grants = (input: Partial<AppPermissions>): AppPermissions =>
  AppPermissionsSchema.parse(input);

describe("natsPermissionsFor", () => {
  it("gives a credential with no grants only JetStream info, its inboxes and failover reports", () => {
    expect(natsPermissionsFor("app", grants({}))).toEqual({
      publish: ["$JS.API.INFO", "em.session.report"],
      subscribe: ["_INBOX_app.>"],
    });
  });

  it("lets a channel publisher publish on the channel's subject only", () => {
    const { publish, subscribe } = natsPermissionsFor(
      "app",
      grants({ publishChannels: ["/eu/sales"] }),
    );
    expect(publish).toContain("um.~eu~sales");
    expect(publish).toContain("$JS.API.STREAM.INFO.UM_~eu~sales");
    expect(publish.filter((subject) => subject.startsWith("um."))).toEqual(["um.~eu~sales"]);
    expect(publish.some((subject) => subject.includes("CONSUMER"))).toBe(false);
    expect(subscribe).toEqual(["_INBOX_app.>"]);
  });

  it("lets a channel subscriber read by EID, use consumers and be woken, but not publish", () => {
    const { publish, subscribe } = natsPermissionsFor(
      "app",
      grants({ subscribeChannels: ["/sales"] }),
    );
    expect(publish).not.toContain("um.~sales");
    expect(publish).toEqual(
      expect.arrayContaining([
        "$JS.API.DIRECT.GET.UM_~sales",
        "$JS.API.DIRECT.GET.UM_~sales.>",
        "$JS.API.CONSUMER.CREATE.UM_~sales.>",
        "$JS.API.CONSUMER.MSG.NEXT.UM_~sales.>",
        "$JS.ACK.UM_~sales.>",
      ]),
    );
    expect(publish.some((subject) => subject.includes("CONSUMER.DELETE"))).toBe(false);
    expect(subscribe).toEqual(["_INBOX_app.>", "um.~sales"]);
  });

  it("lets a queue consumer use the queue's shared durable only, never create or delete one", () => {
    const { publish } = natsPermissionsFor("app", grants({ consumeQueues: ["/jobs"] }));
    expect(publish).toEqual([
      "$JS.ACK.UM_~jobs.um-queue.>",
      "$JS.API.CONSUMER.INFO.UM_~jobs.um-queue",
      "$JS.API.CONSUMER.MSG.NEXT.UM_~jobs.um-queue",
      "$JS.API.INFO",
      "$JS.API.STREAM.INFO.UM_~jobs",
      "em.session.report",
    ]);
  });

  it("lets a queue pusher publish on the queue's subject", () => {
    expect(natsPermissionsFor("app", grants({ pushQueues: ["/jobs"] })).publish).toContain(
      "um.~jobs",
    );
  });

  it('maps "*" onto every store with whole-token wildcards', () => {
    const { publish, subscribe } = natsPermissionsFor(
      "app",
      grants({ publishChannels: ["*"], subscribeChannels: ["*"] }),
    );
    expect(publish).toEqual(
      expect.arrayContaining(["um.>", "$JS.API.STREAM.INFO.*", "$JS.API.DIRECT.GET.*.>"]),
    );
    expect(subscribe).toContain("um.>");
    // A partial-token wildcard (UM_*) would match nothing: every wildcard is a whole token.
    for (const subject of [...publish, ...subscribe])
      for (const token of subject.split("."))
        if (token.includes("*") || token.includes(">")) expect(token.length).toBe(1);
  });

  it("lets each credential read replies on its own inboxes only, never another's", () => {
    expect(natsPermissionsFor("sales-app", grants({})).subscribe).toEqual(["_INBOX_sales-app.>"]);
    expect(natsPermissionsFor("billing", grants({ subscribeChannels: ["*"] })).subscribe).toEqual([
      "_INBOX_billing.>",
      "um.>",
    ]);
  });

  it("lists each subject once, sorted, however grants overlap", () => {
    const { publish } = natsPermissionsFor(
      "app",
      grants({ publishChannels: ["/a"], pushQueues: ["/a"], subscribeChannels: ["/a"] }),
    );
    expect(publish).toEqual([...new Set(publish)].sort());
  });
});

describe("a realm config with application users", () => {
  const hash = `$2b$10$${"a".repeat(53)}`;
  const config = renderRealmConfig({
    name: "realm1",
    bindHost: "127.0.0.1",
    ports: { nsp: 4222, nhp: 4223, monitor: 4224 },
    storeDir: "/tmp/store",
    credentials: { systemPassword: "s".repeat(32), adminPassword: "a".repeat(32) },
    appUsers: [
      {
        user: "sales-app",
        passwordHash: hash,
        permissions: grants({ publishChannels: ["/sales"] }),
      },
    ],
  });
  const app = config.slice(config.indexOf("  APP {"), config.indexOf("system_account"));

  it("lists them in the APP account beside its admin user, with the hash and their grants", () => {
    expect(app).toContain(`user: "admin"`);
    expect(app).toContain(`{ user: "sales-app", password: "${hash}", permissions: {`);
    expect(app).toContain(`"um.~sales"`);
    expect(config.indexOf("sales-app")).toBe(config.indexOf(app) + app.indexOf("sales-app"));
  });

  it("writes every subject as a quoted string: `$` and `#` are literal there", () => {
    const line = app.split("\n").find((text) => text.includes("publish: { allow:")) ?? "";
    const subjects = line.replace(/^.*\[(.*)\].*$/, "$1").split(", ");
    for (const subject of subjects) expect(subject).toMatch(/^"[^"]+"$/);
  });
});
