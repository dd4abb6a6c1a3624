import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import {
  PortSchema,
  RealmClusterConfigSchema,
  RealmExitSchema,
  RealmNameSchema,
  RealmTlsFilesSchema,
} from "@em/contracts";
import { z } from "zod";
import { readTextIfPresent, writeFileAtomically } from "./atomic-file.js";

/** A realm definition as realmd keeps it on disk. Holds secrets: never send it over the wire. */
export const StoredRealmSchema = z.object({
  name: RealmNameSchema,
  bindHost: z.string(),
  ports: z.object({
    nsp: PortSchema,
    nhp: PortSchema,
    monitor: PortSchema,
    // Files written before clusters existed have neither: they are standalone realms.
    cluster: PortSchema.nullable().default(null),
    // TLS interfaces came later still: files without them have none.
    nsps: PortSchema.nullable().default(null),
    nhps: PortSchema.nullable().default(null),
  }),
  /** The operator's certificate for the TLS interfaces; null: realmd's local CA signs one. */
  tls: RealmTlsFilesSchema.nullable().default(null),
  /** The cluster block of the realm's config; null when standalone. */
  cluster: RealmClusterConfigSchema.nullable().default(null),
  desiredState: z.enum(["running", "stopped"]),
  credentials: z.object({ systemPassword: z.string().min(16), adminPassword: z.string().min(16) }),
  /** The realm's nats-server while it runs, so a restarted realmd can adopt it. */
  pid: z.number().int().positive().nullable(),
  startedAt: z.iso.datetime().nullable(),
  lastExit: RealmExitSchema.nullable(),
  createdAt: z.iso.datetime(),
});
export type StoredRealm = z.infer<typeof StoredRealmSchema>;

const RealmsFileSchema = z.object({
  version: z.literal(1),
  realms: z.array(StoredRealmSchema),
});

export class RealmStoreError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "RealmStoreError";
  }
}

/** `<dataDir>/realms.json`: every realm definition, rewritten atomically on each change. */
export class RealmStore {
  readonly file: string;
  private writes: Promise<void> = Promise.resolve();

  constructor(readonly dataDir: string) {
    this.file = join(dataDir, "realms.json");
  }

  async load(): Promise<StoredRealm[]> {
    await mkdir(this.dataDir, { recursive: true, mode: 0o700 });
    const text = await readTextIfPresent(this.file);
    if (text === null) return [];
    // A file we cannot read is never overwritten: it may be the only copy of the realm passwords.
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (cause) {
      throw new RealmStoreError(`${this.file} is not valid JSON; fix or move it away`, { cause });
    }
    const parsed = RealmsFileSchema.safeParse(json);
    if (!parsed.success) {
      throw new RealmStoreError(
        `${this.file} does not hold realm definitions: ${parsed.error.message}`,
      );
    }
    return parsed.data.realms;
  }

  /** Writes are queued so an older snapshot never lands after a newer one. */
  save(realms: readonly StoredRealm[]): Promise<void> {
    const body = `${JSON.stringify({ version: 1, realms }, null, 2)}\n`;
    const write = this.writes.then(() => writeFileAtomically(this.file, body, 0o600));
    this.writes = write.catch(() => undefined);
    return write;
  }
}
