// Each realm has its own app password (realmd generates one per realm), so a session spanning
// realms signs in to each with that realm's credentials through its transport.
import { defaultTransport, type RealmTransport } from "@em/client";
import type { BenchRealm } from "./sdk-cluster.js";

export function sdkTransport(realms: readonly BenchRealm[]): RealmTransport {
  return (rname, options) => {
    const realm = realms.find((candidate) => candidate.rname === rname.text);
    return defaultTransport(
      rname,
      realm
        ? { ...options, user: realm.credentials.user, pass: realm.credentials.password }
        : options,
    );
  };
}
