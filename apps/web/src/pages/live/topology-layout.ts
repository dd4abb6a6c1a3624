import type { ClusterMember, MemberState } from "@em/contracts";

export interface TopologyNode {
  realm: string;
  state: MemberState;
  master: boolean;
  x: number;
  y: number;
}

/**
 * A route between two members: `up` when both say they see each other, `one-way` when only
 * one does (a partition forming, or a member that cannot be asked), `down` when neither.
 */
export interface TopologyEdge {
  a: string;
  b: string;
  status: "up" | "one-way" | "down";
}

export interface TopologyLayout {
  nodes: TopologyNode[];
  edges: TopologyEdge[];
}

/**
 * Members on a circle of `radius` around (`cx`, `cy`), the first at the top, clockwise in the
 * order given; one edge per pair of members, rated by the routes each member reports.
 */
export function layoutTopology(
  members: readonly ClusterMember[],
  { cx, cy, radius }: { cx: number; cy: number; radius: number },
): TopologyLayout {
  const count = members.length;
  const nodes = members.map((member, i): TopologyNode => {
    const angle = count === 1 ? 0 : (2 * Math.PI * i) / count;
    const r = count === 1 ? 0 : radius;
    return {
      realm: member.realm,
      state: member.state,
      master: member.state === "master",
      x: Math.round((cx + r * Math.sin(angle)) * 10) / 10,
      y: Math.round((cy - r * Math.cos(angle)) * 10) / 10,
    };
  });
  const sees = (from: ClusterMember, to: ClusterMember) =>
    from.state !== "offline" && from.view !== null && from.view.sees.includes(to.realm);
  const edges: TopologyEdge[] = [];
  for (let i = 0; i < count; i += 1) {
    for (let j = i + 1; j < count; j += 1) {
      const a = members[i];
      const b = members[j];
      if (!a || !b) continue;
      const ab = sees(a, b);
      const ba = sees(b, a);
      edges.push({
        a: a.realm,
        b: b.realm,
        status: ab && ba ? "up" : ab || ba ? "one-way" : "down",
      });
    }
  }
  return { nodes, edges };
}
