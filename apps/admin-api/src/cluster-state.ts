import {
  RealmNameSchema,
  type ClusterMember,
  type ClusterStatus,
  type ClusterSummary,
  type MemberState,
  type Operation,
  type Quorum,
  type RealmJetStreamView,
  type RealmProcessState,
  type RealmStatus,
  type WhatIf,
} from "@em/contracts";

/** What the cluster state is computed from for one member: the poller's latest view of it. */
export interface MemberObservation {
  realm: string;
  /** "" when the realm is not known to any registered host. */
  hostName: string;
  /** null when no registered host lists the realm any more. */
  status: RealmStatus | null;
  processState: RealmProcessState | null;
  /** The member's own view from its latest sample; null when it could not be asked. */
  jetstream: RealmJetStreamView | null;
}

export interface ClusterStateInput {
  name: string;
  createdAt: string;
  members: MemberObservation[];
  /** The cluster's latest operation: a running create is `forming`, a failed one `failed`. */
  lastOperation?: Pick<Operation, "kind" | "status"> | undefined;
}

export interface ClusterState extends ClusterSummary {
  whatIf: WhatIf[];
}

/**
 * UM's 51 % rule: quorum needs at least 51 % of all configured members, which for whole
 * members is a strict majority: N=2 → 2, 3 → 2, 4 → 3, 5 → 3 (UM reference 3.3).
 */
export function quorumNeeded(total: number): number {
  return Math.floor(total / 2) + 1;
}

/**
 * Whether a member is up. Quorum is about members up, not about our view of them: a realm whose
 * monitoring answered late while its process runs still counts (followers' monitoring endpoints
 * answer slowly during a meta election); a paused one does not.
 */
const isOnline = (member: MemberObservation) =>
  member.status === "online" ||
  (member.status === "unresponsive" && member.processState === "running");

/**
 * The master: the JetStream meta leader as reported by the leader itself (reliable there), else
 * the leader most online members name. Only an online member can be the master.
 */
export function findMaster(members: readonly MemberObservation[]): string | null {
  const online = members.filter(isOnline);
  const onlineNames = new Set(online.map((m) => m.realm));
  const votes = new Map<string, number>();
  for (const member of online) {
    const leader = member.jetstream?.metaLeader;
    if (leader && onlineNames.has(leader)) votes.set(leader, (votes.get(leader) ?? 0) + 1);
  }
  const byVotes = (a: string, b: string) =>
    (votes.get(b) ?? 0) - (votes.get(a) ?? 0) || a.localeCompare(b);
  const selfReported = online
    .filter((m) => m.jetstream?.metaLeader === m.realm)
    .map((m) => m.realm)
    .sort(byVotes);
  if (selfReported[0]) return selfReported[0];
  const [first] = [...votes.keys()].sort(byVotes);
  return first ?? null;
}

function memberState(
  member: MemberObservation,
  master: string | null,
  masterView: RealmJetStreamView | null,
  quorumHeld: boolean,
): MemberState {
  if (!isOnline(member)) return "offline";
  // With enough members up but no master yet, they are electing one (a few seconds after the
  // master dies): recovering, not cut off.
  if (master === null) return quorumHeld ? "recovering" : "no-quorum";
  if (member.realm === master) return "master";
  const view = member.jetstream;
  // Up but its own view unread this time: it cannot be confirmed current.
  if (!view) return "recovering";
  // Up but seeing no leader at all: it is cut off from the majority.
  if (!view.metaLeader) return "no-quorum";
  if (view.metaLeader !== master) return "recovering";
  const entry = masterView?.peers.find((peer) => peer.name === member.realm);
  if (!entry || !entry.current || entry.offline) return "recovering";
  return "member";
}

function memberView(member: MemberObservation): ClusterMember["view"] {
  if (!isOnline(member) || !member.jetstream) return null;
  const sees = member.jetstream.peers
    .filter((peer) => !peer.offline && RealmNameSchema.safeParse(peer.name).success)
    .map((peer) => peer.name)
    .sort();
  return { master: member.jetstream.metaLeader, sees };
}

function clusterStatus(
  master: string | null,
  members: readonly ClusterMember[],
  quorum: Quorum,
  lastOperation: ClusterStateInput["lastOperation"],
): ClusterStatus {
  const changing = lastOperation?.status === "running";
  if (changing && (lastOperation.kind === "create-cluster" || !quorum.held)) return "forming";
  if (!quorum.held) {
    return lastOperation?.kind === "create-cluster" && lastOperation.status === "failed"
      ? "failed"
      : "no-quorum";
  }
  return master !== null && members.every((m) => m.state === "master" || m.state === "member")
    ? "healthy"
    : "degraded";
}

function quorumOf(online: number, members: number): Quorum {
  const total = Math.max(1, members);
  const needed = quorumNeeded(total);
  return { online, total, needed, held: online >= needed };
}

/**
 * A cluster's state from its recorded members and each member's own latest view: master,
 * per-member state, quorum, disagreement, and the quorum what-if per member.
 */
export function computeClusterState(input: ClusterStateInput): ClusterState {
  const online = input.members.filter(isOnline).length;
  // UM's predicate: enough members up. Whether they have elected a master yet is `master`.
  let quorum = quorumOf(online, input.members.length);
  // A leader left in a minority keeps calling itself leader for a while: without quorum there
  // is no master (UM reference 3.3.3), whatever it says.
  let master = quorum.held ? findMaster(input.members) : null;
  let masterView = input.members.find((m) => m.realm === master)?.jetstream ?? null;
  // The engine's meta group can be larger than our record: a removed or evicted realm stays a
  // peer until it is removed from the group (not done yet, see README). The engine then needs a
  // majority of its own count, so report that rather than a quorum the engine would not honour.
  const engineSize = masterView?.clusterSize ?? 0;
  if (engineSize > input.members.length) {
    quorum = quorumOf(online, engineSize);
    if (!quorum.held) {
      master = null;
      masterView = null;
    }
  }
  const { needed } = quorum;
  const members: ClusterMember[] = input.members.map((member) => ({
    realm: member.realm,
    hostName: member.hostName,
    state: memberState(member, master, masterView, quorum.held),
    view: memberView(member),
  }));
  // Only the leader lists the meta group's peers (/jsz), so masters are what can be compared.
  const leaders = new Set(members.flatMap((m) => (m.view ? [m.view.master] : [])));
  const whatIf: WhatIf[] = input.members.map((member) => ({
    realm: member.realm,
    keepsQuorum: online - (isOnline(member) ? 1 : 0) >= needed,
    // Which channels and queues lose their majority needs the stores, which come with channels
    // (a later issue): until then this list stays empty.
    storesLosingMajority: [],
  }));
  return {
    name: input.name,
    createdAt: input.createdAt,
    status: clusterStatus(master, members, quorum, input.lastOperation),
    master,
    quorum,
    members,
    disagreement: leaders.size > 1,
    whatIf,
  };
}
