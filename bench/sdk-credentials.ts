// Each realm has its own app password (realmd generates one per realm), so a session spanning
// realms takes `credentials` as a function of the RNAME it dials.
import type { Rname, SessionCredentials } from "@em/client";
import type { BenchRealm } from "./sdk-cluster.js";

export function sdkCredentials(
  realms: readonly BenchRealm[],
): (rname: Rname) => SessionCredentials | undefined {
  return (rname) => {
    const realm = realms.find((candidate) => candidate.rname === rname.text);
    return realm && { user: realm.credentials.user, pass: realm.credentials.password };
  };
}
