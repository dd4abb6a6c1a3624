import { ApiError } from "@em/contracts";
import type { Logger } from "pino";
import type { RealmDefinition, RealmEntry } from "./realm-entry.js";
import { loadRealmTls } from "./realm-tls.js";
import { TlsTerminator } from "./tls-terminator.js";

/** One realm's open TLS interfaces and the CA its clients trust (null: operator's, no caFile). */
interface OpenInterfaces {
  terminators: TlsTerminator[];
  caPem: string | null;
}

/**
 * The TLS interfaces (nsps, nhps) of every realm on this host: realmd's listeners that terminate
 * TLS and pipe to the realm's nsp and nhp ports (tls-terminator.ts says why). They stay open
 * while the realm is defined; while its process is down they reset each connection, as its own
 * ports would.
 */
export class RealmTlsInterfaces {
  private readonly open = new Map<string, OpenInterfaces>();

  constructor(private readonly options: { dataDir: string; logger: Logger }) {}

  /** Opens (or reopens) the realm's TLS interfaces; nothing for a realm without any. */
  async openFor(entry: RealmEntry): Promise<void> {
    const { name, bindHost, ports, tls: files } = entry.definition;
    if (ports.nsps === null && ports.nhps === null) return;
    await this.close(name);
    const material = await loadRealmTls({
      dataDir: this.options.dataDir,
      realmTlsDir: entry.paths.tlsDir,
      bindHost,
      files,
    });
    // nats-server listening on every address is reached on loopback.
    const targetHost = bindHost === "0.0.0.0" ? "127.0.0.1" : bindHost === "::" ? "::1" : bindHost;
    const terminators: TlsTerminator[] = [];
    try {
      for (const [tlsPort, plainPort, protocol] of [
        [ports.nsps, ports.nsp, "nats"],
        [ports.nhps, ports.nhp, "websocket"],
      ] as const) {
        if (tlsPort === null) continue;
        terminators.push(
          await TlsTerminator.start({
            listen: { host: bindHost, port: tlsPort },
            target: { host: targetHost, port: plainPort },
            secureContext: material.secureContext,
            protocol,
          }),
        );
      }
    } catch (error) {
      await Promise.all(terminators.map((terminator) => terminator.close()));
      throw error;
    }
    this.open.set(name, { terminators, caPem: material.caPem });
    this.options.logger.info(
      { realm: name, nsps: ports.nsps, nhps: ports.nhps, certificate: material.certificate },
      "realm TLS interfaces open",
    );
  }

  async close(name: string): Promise<void> {
    const open = this.open.get(name);
    this.open.delete(name);
    await Promise.all(open?.terminators.map((terminator) => terminator.close()) ?? []);
  }

  /** The CA certificate (PEM, public) that clients of the realm's TLS interfaces trust. */
  caCertificate(definition: RealmDefinition): string {
    const { name, ports } = definition;
    if (ports.nsps === null && ports.nhps === null) {
      throw new ApiError("NOT_FOUND", `Realm ${name} has no TLS interface (nsps or nhps)`);
    }
    const open = this.open.get(name);
    if (!open) {
      throw new ApiError(
        "NOT_FOUND",
        `Realm ${name}'s TLS interfaces are not open; see realmd's log for why`,
      );
    }
    if (open.caPem === null) {
      throw new ApiError(
        "NOT_FOUND",
        `Realm ${name} uses the operator's certificate and no caFile was given with it`,
      );
    }
    return open.caPem;
  }
}
