import type { ClusterMember, MemberState } from "@em/contracts";
import { useState } from "react";
import { formatCount } from "../../lib/format.js";
import { layoutTopology, type TopologyNode } from "./topology-layout.js";

const VIEW_WIDTH = 360;
const VIEW_HEIGHT = 300;
const RADIUS = 105;
const NODE_RADIUS = 24;

const STATE_TONE: Readonly<Record<MemberState, "ok" | "warn" | "danger">> = {
  master: "ok",
  member: "ok",
  recovering: "warn",
  "no-quorum": "danger",
  offline: "danger",
};

const STATE_TEXT: Readonly<Record<MemberState, string>> = {
  master: "master: orders membership and store changes",
  member: "member: online, following the master",
  recovering: "recovering: rejoined, catching up",
  "no-quorum": "no quorum: running, but the cluster has no master",
  offline: "offline: not running or not reachable",
};

interface TopologyGraphProps {
  members: readonly ClusterMember[];
  /** The largest replica lag on each realm, in events, when the history knows it. */
  replicaLag?: ReadonlyMap<string, number | null> | undefined;
  /** Client connections on each realm now, from the live realm metrics. */
  connections?: ReadonlyMap<string, number> | undefined;
}

function clientsText(count: number): string {
  return `${formatCount(count)} ${count === 1 ? "client" : "clients"}`;
}

function lagText(lag: number | null | undefined): string {
  if (lag === undefined || lag === null) return "replica lag unknown";
  return lag === 0 ? "replicas current" : `replicas lag by ${formatCount(lag)} events`;
}

function NodeTooltip({
  node,
  lag,
  clients,
}: {
  node: TopologyNode;
  lag: number | null | undefined;
  clients: number | undefined;
}) {
  // Placed over the SVG in percentages, so it follows the graph when it scales.
  const left = (node.x / VIEW_WIDTH) * 100;
  const top = ((node.y + NODE_RADIUS + 36) / VIEW_HEIGHT) * 100;
  return (
    <div
      className="topology__tooltip"
      role="tooltip"
      id={`topology-tip-${node.realm}`}
      style={{ left: `${left}%`, top: `${top}%` }}
      data-testid="topology-tooltip"
    >
      <strong>{node.realm}</strong>
      <span>{STATE_TEXT[node.state]}</span>
      <span>{lagText(lag)}</span>
      {clients === undefined ? null : <span>{clientsText(clients)} connected</span>}
    </div>
  );
}

/**
 * The cluster as a graph: members on a circle, health colour by state, the master ringed and
 * crowned, a line per route (dashed when only one side sees the other, faint when neither).
 */
export function TopologyGraph({ members, replicaLag, connections }: TopologyGraphProps) {
  const [focused, setFocused] = useState<string | null>(null);
  const layout = layoutTopology(members, {
    cx: VIEW_WIDTH / 2,
    cy: VIEW_HEIGHT / 2 - 6,
    radius: RADIUS,
  });
  const at = new Map(layout.nodes.map((node) => [node.realm, node]));
  const shown = focused === null ? undefined : at.get(focused);
  return (
    <div className="topology" data-testid="topology">
      <svg
        className="topology__svg"
        viewBox={`0 0 ${VIEW_WIDTH} ${VIEW_HEIGHT}`}
        role="group"
        aria-label="Cluster topology: members, master and routes"
      >
        {layout.edges.map((edge) => {
          const a = at.get(edge.a);
          const b = at.get(edge.b);
          if (!a || !b) return null;
          return (
            <line
              key={`${edge.a}-${edge.b}`}
              className={`topology__edge topology__edge--${edge.status}`}
              x1={a.x}
              y1={a.y}
              x2={b.x}
              y2={b.y}
              data-testid={`topology-edge-${edge.a}-${edge.b}`}
              data-status={edge.status}
            />
          );
        })}
        {layout.nodes.map((node) => (
          <g
            key={node.realm}
            className={`topology__node topology__node--${STATE_TONE[node.state]}${node.master ? " topology__node--master" : ""}`}
            transform={`translate(${node.x} ${node.y})`}
            tabIndex={0}
            role="img"
            aria-label={`${node.realm}: ${node.state}${node.master ? ", master" : ""}`}
            aria-describedby={focused === node.realm ? `topology-tip-${node.realm}` : undefined}
            onMouseEnter={() => setFocused(node.realm)}
            onMouseLeave={() => setFocused((f) => (f === node.realm ? null : f))}
            onFocus={() => setFocused(node.realm)}
            onBlur={() => setFocused((f) => (f === node.realm ? null : f))}
            data-testid={`topology-node-${node.realm}`}
            data-state={node.state}
            data-master={node.master ? "true" : "false"}
          >
            {node.master ? <circle className="topology__ring" r={NODE_RADIUS + 6} /> : null}
            <circle className="topology__dot" r={NODE_RADIUS} />
            {node.master ? (
              <path
                className="topology__crown"
                d="M3 7l4.5 4L12 4l4.5 7L21 7l-2 12H5L3 7Z"
                transform={`translate(-9 ${-NODE_RADIUS - 26}) scale(0.75)`}
              />
            ) : null}
            <text className="topology__state" y={4} textAnchor="middle">
              {node.state === "master" ? "M" : node.state === "offline" ? "×" : ""}
            </text>
            <text className="topology__label" y={NODE_RADIUS + 16} textAnchor="middle">
              {node.realm}
            </text>
            {connections?.has(node.realm) ? (
              <text
                className="topology__clients"
                y={NODE_RADIUS + 30}
                textAnchor="middle"
                data-testid={`topology-clients-${node.realm}`}
              >
                {clientsText(connections.get(node.realm) ?? 0)}
              </text>
            ) : null}
          </g>
        ))}
      </svg>
      {shown ? (
        <NodeTooltip
          node={shown}
          lag={replicaLag?.get(shown.realm)}
          clients={connections?.get(shown.realm)}
        />
      ) : null}
      <ul className="topology__legend plain-list small muted">
        <li>
          <span className="legend-dot legend-dot--ok" /> online
        </li>
        <li>
          <span className="legend-dot legend-dot--warn" /> recovering
        </li>
        <li>
          <span className="legend-dot legend-dot--danger" /> offline / no quorum
        </li>
        <li>
          <span className="legend-line legend-line--one-way" /> route seen by one side
        </li>
      </ul>
    </div>
  );
}
