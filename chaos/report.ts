// The chaos report: every fault with its kind, target, time, recovery and the stall it caused,
// the checker's totals and the verdict — as markdown for people and JSON for tools.
import { progressOf, stallOf, type CheckResult, type Stall, type Trace } from "./checker.js";
import type { FaultRun } from "./faults.js";
import { describeFault } from "./schedule.js";
import { summarize } from "../bench/stats.js";

export interface ChaosSettings {
  seed: number;
  faults: number;
  publishers: number;
  subscribers: number;
  consumers: number;
  replay: string;
}

export interface FaultReport {
  index: number;
  kind: string;
  target: string;
  description: string;
  roles: string[];
  /** ms since the load started. */
  atMs: number;
  healedAfterMs: number;
  /** From the fault's start until every role of the load made progress again; null: never. */
  recoveredAfterMs: number | null;
  /** From the fault's start until the cluster was whole (master, 3/3, replicas current). */
  clusterWholeAfterMs: number | null;
  /** The cluster stayed broken after the load recovered: what was wrong, and the repair. */
  anomaly?: { problems: string[]; repair: string; repairedAfterMs: number | null };
  stall: Stall;
  /** The publish through the lone realm: its outcome, and how often the healed cluster held it. */
  minority?: { outcome: string; acked: boolean; storedAfterHealing: number };
  error?: string;
}

export interface ChaosReport {
  settings: ChaosSettings;
  machine: { cpus: string; node: string; natsServer: string; date: string };
  durationMs: number;
  faults: FaultReport[];
  /** Faults whose schedule was not reached (the time budget ran out or the run stopped). */
  notRun: number;
  check: CheckResult;
  /** Stalls per fault kind: p50 and max of each role. */
  stallsByKind: Record<
    string,
    {
      runs: number;
      publisherP50: number;
      publisherMax: number;
      subscriberP50: number;
      subscriberMax: number;
      consumerP50: number;
      consumerMax: number;
    }
  >;
  /** Faults after which the load made no progress within the limit. */
  unrecovered: number;
  /** Faults after which the cluster stayed broken past the recovery limit (engine). */
  anomalies: number;
  verdict: "pass" | "fail";
  /** Why the verdict is fail, one line each. */
  reasons: string[];
}

export function buildReport(
  settings: ChaosSettings,
  machine: ChaosReport["machine"],
  runs: FaultRun[],
  trace: Trace,
  check: CheckResult,
  loadEndedAt: number,
  notRun: number,
): ChaosReport {
  const progress = progressOf(trace);
  const faults: FaultReport[] = runs.map((run, i) => {
    const next = runs[i + 1];
    const report: FaultReport = {
      index: run.fault.index,
      kind: run.fault.kind,
      target: run.fault.target,
      description: describeFault(run.fault),
      roles: run.roles,
      atMs: Math.round(run.startedAt),
      healedAfterMs: Math.round(run.healedAt - run.startedAt),
      recoveredAfterMs:
        run.recoveredAt === null ? null : Math.round(run.recoveredAt - run.startedAt),
      clusterWholeAfterMs:
        run.clusterWholeAt === null ? null : Math.round(run.clusterWholeAt - run.startedAt),
      stall: roundStall(stallOf(progress, run.startedAt, next?.startedAt ?? loadEndedAt)),
    };
    if (run.probe)
      report.minority = {
        outcome: run.probe.outcome,
        acked: run.probe.ackedEid !== null,
        storedAfterHealing: run.probe.storedAfterHealing ?? 0,
      };
    if (run.error !== undefined) report.error = run.error;
    if (run.anomaly) report.anomaly = run.anomaly;
    return report;
  });
  const stallsByKind: ChaosReport["stallsByKind"] = {};
  for (const kind of new Set(faults.map((fault) => fault.kind))) {
    const ofKind = faults.filter((fault) => fault.kind === kind);
    const of = (pick: (stall: Stall) => number) => summarize(ofKind.map((f) => pick(f.stall)));
    const publisher = of((stall) => stall.publisherMs);
    const subscriber = of((stall) => stall.subscriberMs);
    const consumer = of((stall) => stall.consumerMs);
    stallsByKind[kind] = {
      runs: ofKind.length,
      publisherP50: Math.round(publisher.p50),
      publisherMax: Math.round(publisher.max),
      subscriberP50: Math.round(subscriber.p50),
      subscriberMax: Math.round(subscriber.max),
      consumerP50: Math.round(consumer.p50),
      consumerMax: Math.round(consumer.max),
    };
  }
  const unrecovered = faults.filter((fault) => fault.recoveredAfterMs === null).length;
  const reasons: string[] = [];
  if (check.lost.length) reasons.push(`${check.lost.length} acknowledged events lost`);
  if (check.duplicates.length) reasons.push(`${check.duplicates.length} duplicates delivered`);
  const gaps = check.order.reduce((sum, o) => sum + o.gaps.length, 0);
  const backwards = check.order.reduce((sum, o) => sum + o.backwards.length, 0);
  if (gaps) reasons.push(`${gaps} EID gaps seen by subscribers`);
  if (backwards) reasons.push(`${backwards} EIDs delivered out of order`);
  if (check.queue.consumedTwice.length)
    reasons.push(`${check.queue.consumedTwice.length} queue events consumed twice`);
  if (check.queue.neverConsumed.length)
    reasons.push(`${check.queue.neverConsumed.length} queue events never consumed`);
  if (check.minorityAcked.length)
    reasons.push(
      `${check.minorityAcked.length} publishes through a lone realm acknowledged or stored twice`,
    );
  if (unrecovered) reasons.push(`${unrecovered} faults the load did not recover from in time`);
  const anomalies = faults.filter((fault) => fault.anomaly).length;
  if (faults.some((fault) => fault.anomaly && fault.anomaly.repairedAfterMs === null))
    reasons.push("the cluster was not whole even after a repair");
  if (notRun) reasons.push(`${notRun} scheduled faults not run`);
  return {
    settings,
    machine,
    durationMs: Math.round(loadEndedAt),
    faults,
    notRun,
    check,
    stallsByKind,
    unrecovered,
    anomalies,
    verdict: reasons.length === 0 ? "pass" : "fail",
    reasons,
  };
}

function roundStall(stall: Stall): Stall {
  return {
    publisherMs: Math.round(stall.publisherMs),
    subscriberMs: Math.round(stall.subscriberMs),
    consumerMs: Math.round(stall.consumerMs),
  };
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export function reportMarkdown(report: ChaosReport): string {
  const { settings, check } = report;
  const gaps = check.order.reduce((sum, o) => sum + o.gaps.length, 0);
  const backwards = check.order.reduce((sum, o) => sum + o.backwards.length, 0);
  const lines = [
    "# Chaos run",
    "",
    `Verdict: **${report.verdict}**${report.reasons.length ? ` — ${report.reasons.join("; ")}` : ""}.`,
    "",
    `Seed ${settings.seed}, ${report.faults.length} of ${settings.faults} faults run in ${seconds(report.durationMs)}; ` +
      `${settings.publishers} publishers, ${settings.subscribers} subscribers, 1 queue pusher, ${settings.consumers} queue consumers, ` +
      "every SDK session through the realms' TCP proxies.",
    `Machine: ${report.machine.cpus}; Node ${report.machine.node}; ${report.machine.natsServer}; ${report.machine.date}.`,
    `Replay: \`${settings.replay}\``,
    "",
    "## Totals",
    "",
    "| check | result |",
    "|---|---|",
    `| channel events acknowledged | ${check.acked} |`,
    `| deliveries to subscribers | ${check.delivered} |`,
    `| acknowledged events lost | ${check.lost.length} |`,
    `| duplicates delivered | ${check.duplicates.length} |`,
    `| EID gaps / steps back (per subscriber) | ${gaps} / ${backwards} |`,
    `| queue events pushed (acknowledged) | ${check.queue.pushed} |`,
    `| queue events consumed (a confirmed ack, or an unconfirmed ack the cluster applied) | ${check.queue.consumed} (${check.queue.unconfirmedAcksApplied} unconfirmed) |`,
    `| queue redeliveries before any confirmed ack (allowed) | ${check.queue.redeliveries} |`,
    `| queue events consumed twice | ${check.queue.consumedTwice.length} |`,
    `| queue events never consumed | ${check.queue.neverConsumed.length} |`,
    `| publishes through a lone realm (minority) acknowledged, or stored twice after healing | ${check.minorityAcked.length} of ${report.faults.filter((f) => f.minority).length} |`,
    `| of those publishes, stored once after healing (the lone leader's proposal committed; allowed) | ${report.faults.filter((f) => f.minority?.storedAfterHealing === 1).length} |`,
    `| faults the load did not recover from within the limit | ${report.unrecovered} |`,
    `| engine anomalies: cluster not whole 60 s after the heal, repaired (below) | ${report.anomalies} |`,
    "",
    "## Stall by fault kind (ms)",
    "",
    "Publisher: the longest one publisher went without an ack after the fault began; consumer: the",
    "longest the queue went without a confirmed consumer ack; subscriber: the longest an",
    "acknowledged event waited for delivery past the fault's start.",
    "",
    "| kind | faults | publisher p50 | publisher max | subscriber p50 | subscriber max | consumer p50 | consumer max |",
    "|---|---|---|---|---|---|---|---|",
    ...Object.entries(report.stallsByKind).map(
      ([kind, s]) =>
        `| ${kind} | ${s.runs} | ${s.publisherP50} | ${s.publisherMax} | ${s.subscriberP50} | ${s.subscriberMax} | ${s.consumerP50} | ${s.consumerMax} |`,
    ),
    "",
    "## Every fault",
    "",
    "Times from the fault's start: healed (the fault undone), load recovered (every publisher",
    "acked, a consumer ack confirmed, subscribers caught up), cluster whole (a master, 3/3, every",
    "replica current).",
    "",
    "| # | at | fault | target's roles | healed | load recovered | cluster whole | publisher stall | subscriber stall | consumer stall | note |",
    "|---|---|---|---|---|---|---|---|---|---|---|",
    ...report.faults.map((fault) => {
      const note = [
        fault.minority
          ? `lone-realm publish: ${fault.minority.outcome}; held ${fault.minority.storedAfterHealing}× after healing`
          : "",
        fault.error ? `error: ${fault.error}` : "",
        fault.anomaly ? `engine anomaly, repaired by ${fault.anomaly.repair}` : "",
      ]
        .filter(Boolean)
        .join("; ")
        .replaceAll("|", "\\|");
      return (
        `| ${fault.index} | ${seconds(fault.atMs)} | ${fault.description.replace(/^#\d+ /, "")} | ${fault.roles.join(", ") || "—"} | ` +
        `${fault.healedAfterMs} ms | ${fault.recoveredAfterMs === null ? "not recovered" : `${fault.recoveredAfterMs} ms`} | ` +
        `${fault.clusterWholeAfterMs === null ? "never" : `${fault.clusterWholeAfterMs} ms`} | ` +
        `${fault.stall.publisherMs} ms | ${fault.stall.subscriberMs} ms | ${fault.stall.consumerMs} ms | ${note} |`
      );
    }),
    "",
  ];
  const examples = [
    ...check.lost
      .slice(0, 10)
      .map(
        (l) => `- lost: ${l.subscriber} EID ${l.eid} (${l.eventId}), saw ${l.seen ?? "nothing"}`,
      ),
    ...check.duplicates
      .slice(0, 10)
      .map(
        (d) =>
          `- duplicate: ${d.subscriber ?? "acks"} EID ${d.eid} (${d.eventId ?? "?"}): ${d.why}`,
      ),
    ...check.order.flatMap((o) => [
      ...o.gaps.slice(0, 5).map((g) => `- gap: ${o.subscriber} EID ${g.after} → ${g.eid}`),
      ...o.backwards
        .slice(0, 5)
        .map((g) => `- step back: ${o.subscriber} EID ${g.after} → ${g.eid}`),
    ]),
    ...check.queue.consumedTwice
      .slice(0, 10)
      .map((q) => `- queue EID ${q.eid} consumed twice: ${q.why}`),
    ...check.queue.neverConsumed
      .slice(0, 10)
      .map((q) => `- queue EID ${q.eid} never consumed: ${q.why}`),
  ];
  if (examples.length) lines.push("## Findings (first of each)", "", ...examples, "");
  const anomalous = report.faults.filter((fault) => fault.anomaly);
  if (anomalous.length)
    lines.push(
      "## Engine anomalies",
      "",
      "The cluster stayed broken past the recovery limit (60 s) after the heal; the run",
      "recorded what was wrong, repaired it as an operator would and went on. Replay with the",
      `seed: \`${settings.replay}\`.`,
      "",
      ...anomalous.map(
        (fault) =>
          `- #${fault.index} ${fault.description.replace(/^#\d+ /, "")} (${fault.roles.join(", ") || "no role"}): ` +
          `${fault.anomaly?.problems.join("; ")}; repair: ${fault.anomaly?.repair}, whole again ` +
          `${fault.anomaly?.repairedAfterMs === null ? "never" : `${fault.anomaly?.repairedAfterMs} ms after the heal`}.`,
      ),
      "",
    );
  return lines.join("\n");
}
