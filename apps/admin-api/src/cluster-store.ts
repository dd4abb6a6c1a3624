import type { Database } from "./database.js";

/** A cluster as recorded: the admin API's intent, not the realms' view of it. */
export interface ClusterRecord {
  name: string;
  createdAt: string;
  members: ClusterMemberRecord[];
}

export interface ClusterMemberRecord {
  realm: string;
  hostId: string;
  joinedAt: string;
}

interface ClusterRow {
  name: string;
  created_at: string;
}

interface MemberRow {
  cluster: string;
  realm: string;
  host_id: string;
  joined_at: string;
}

/** Clusters and their members in SQLite. A realm is a member of at most one cluster. */
export class ClusterStore {
  constructor(private readonly db: Database) {}

  list(): ClusterRecord[] {
    const members = this.db
      .prepare<[], MemberRow>("SELECT * FROM cluster_members ORDER BY joined_at, realm")
      .all();
    return this.db
      .prepare<[], ClusterRow>("SELECT * FROM clusters ORDER BY name")
      .all()
      .map((row) => ({
        name: row.name,
        createdAt: row.created_at,
        members: members.filter((m) => m.cluster === row.name).map(toMember),
      }));
  }

  get(name: string): ClusterRecord | undefined {
    const row = this.db
      .prepare<[string], ClusterRow>("SELECT * FROM clusters WHERE name = ?")
      .get(name);
    if (!row) return undefined;
    const members = this.db
      .prepare<[string], MemberRow>(
        "SELECT * FROM cluster_members WHERE cluster = ? ORDER BY joined_at, realm",
      )
      .all(name)
      .map(toMember);
    return { name: row.name, createdAt: row.created_at, members };
  }

  /** The cluster a realm belongs to, if any. */
  clusterOf(realm: string): string | undefined {
    return this.db
      .prepare<[string], { cluster: string }>("SELECT cluster FROM cluster_members WHERE realm = ?")
      .get(realm)?.cluster;
  }

  /** Records a cluster with its members in one transaction. */
  insert(name: string, members: { realm: string; hostId: string }[]): ClusterRecord {
    const createdAt = new Date().toISOString();
    this.db.transaction(() => {
      this.db.prepare("INSERT INTO clusters (name, created_at) VALUES (?, ?)").run(name, createdAt);
      for (const member of members) this.addMember(name, member, createdAt);
    })();
    return {
      name,
      createdAt,
      members: members.map((m) => ({ ...m, joinedAt: createdAt })),
    };
  }

  addMember(
    cluster: string,
    member: { realm: string; hostId: string },
    joinedAt = new Date().toISOString(),
  ): void {
    this.db
      .prepare(
        "INSERT INTO cluster_members (cluster, realm, host_id, joined_at) VALUES (?, ?, ?, ?)",
      )
      .run(cluster, member.realm, member.hostId, joinedAt);
  }

  removeMember(cluster: string, realm: string): boolean {
    return (
      this.db
        .prepare("DELETE FROM cluster_members WHERE cluster = ? AND realm = ?")
        .run(cluster, realm).changes > 0
    );
  }

  delete(name: string): boolean {
    return this.db.prepare("DELETE FROM clusters WHERE name = ?").run(name).changes > 0;
  }
}

function toMember(row: MemberRow): ClusterMemberRecord {
  return { realm: row.realm, hostId: row.host_id, joinedAt: row.joined_at };
}
