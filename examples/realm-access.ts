// Where the examples find the realms and their credentials: realmd, the realm host daemon that
// `npm start` runs on http://127.0.0.1:7700 with its token in .data/realmd.token. It knows each
// realm's client port and its app user. Each realm has its own app password, so the session's
// `credentials` option is a function of the RNAME it dials.
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Rname, SessionCredentials } from "@em/client";
import { HostedRealmSchema, REALMD_PATHS, RealmCredentialsSchema } from "@em/contracts";

/** One realm as an example reaches it. */
export interface ExampleRealm {
  name: string;
  /** Its TCP interface: `nsp://127.0.0.1:9000` for realm1 of `npm start`. */
  rname: string;
  /** Its WebSocket interface: `nhp://127.0.0.1:9001` for realm1 of `npm start`. */
  wsRname: string;
  user: string;
  password: string;
}

/** The examples' settings, from the environment, with `npm start`'s defaults. */
export const settings = {
  realmdUrl: process.env["REALMD_URL"] ?? `http://127.0.0.1:${process.env["REALMD_PORT"] ?? 7700}`,
  dataDir: resolve(process.env["EM_DATA_DIR"] ?? join(import.meta.dirname, "..", ".data")),
  /** The cluster channel the examples use: create it in the console (README). */
  channel: process.env["EM_CHANNEL"] ?? "/sales",
};

function realmdToken(): string {
  const fromEnv = process.env["REALMD_TOKEN"];
  if (fromEnv) return fromEnv;
  const file = join(settings.dataDir, "realmd.token");
  try {
    return readFileSync(file, "utf8").trim();
  } catch (error) {
    throw new Error(
      `no realmd token: start the realms with \`npm start\` (it writes ${file}) or set REALMD_TOKEN`,
      { cause: error },
    );
  }
}

/** Sends one authenticated request to realmd. */
export async function realmd(method: "GET" | "POST", path: string): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(`${settings.realmdUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${realmdToken()}` },
      signal: AbortSignal.timeout(10_000),
    });
  } catch (error) {
    throw new Error(`realmd is not answering on ${settings.realmdUrl}: is \`npm start\` running?`, {
      cause: error,
    });
  }
  if (!response.ok)
    throw new Error(
      `realmd: ${method} ${path} answered ${response.status} ${await response.text()}`,
    );
  return response.json();
}

/** Each named realm's RNAME (its TCP client port) and app credentials, as realmd has them. */
export async function exampleRealms(
  names: readonly string[] = ["realm1", "realm2", "realm3"],
): Promise<ExampleRealm[]> {
  return Promise.all(
    names.map(async (name): Promise<ExampleRealm> => {
      const hosted = HostedRealmSchema.parse(await realmd("GET", REALMD_PATHS.realm(name)));
      const credentials = RealmCredentialsSchema.parse(
        await realmd("GET", REALMD_PATHS.realmCredentials(name)),
      );
      const host = hosted.bindHost === "0.0.0.0" ? "127.0.0.1" : hosted.bindHost;
      return {
        name,
        rname: `nsp://${host}:${hosted.ports.nsp}`,
        wsRname: `nhp://${host}:${hosted.ports.nhp}`,
        user: credentials.app.user,
        password: credentials.app.password,
      };
    }),
  );
}

/** The `credentials` option for sessions over these realms: each realm's own app user. */
export function credentialsFor(
  realms: readonly ExampleRealm[],
): (rname: Rname) => SessionCredentials | undefined {
  return (rname) => {
    const realm = realms.find(
      (candidate) => candidate.rname === rname.text || candidate.wsRname === rname.text,
    );
    return realm && { user: realm.user, pass: realm.password };
  };
}

/** SIGKILLs a realm through realmd, as a crash would end it. */
export async function killRealm(name: string): Promise<void> {
  await realmd("POST", REALMD_PATHS.realmAction(name, "kill"));
}

/** Starts a realm again through realmd. */
export async function startRealm(name: string): Promise<void> {
  await realmd("POST", REALMD_PATHS.realmAction(name, "start"));
}
