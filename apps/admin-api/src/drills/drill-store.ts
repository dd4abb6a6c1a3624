import { DrillSchema, type Drill } from "@em/contracts";
import type { Database } from "../database.js";
import { interrupted } from "../step-run.js";

interface DrillRow {
  id: string;
  realm: string;
  cluster: string | null;
  action: Drill["action"];
  observe_ms: number;
  status: Drill["status"];
  started_at: string;
  finished_at: string | null;
  steps_json: string;
  report_json: string | null;
  error_json: string | null;
}

const StepsSchema = DrillSchema.shape.steps;
const ReportSchema = DrillSchema.shape.report.unwrap();
const ErrorSchema = DrillSchema.shape.error.unwrap();

function toDrill(row: DrillRow): Drill {
  return {
    id: row.id,
    realm: row.realm,
    cluster: row.cluster,
    action: row.action,
    observeMs: row.observe_ms,
    status: row.status,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    steps: StepsSchema.parse(JSON.parse(row.steps_json)),
    report: row.report_json === null ? null : ReportSchema.parse(JSON.parse(row.report_json)),
    error: row.error_json === null ? null : ErrorSchema.parse(JSON.parse(row.error_json)),
  };
}

/** @default 200 — drills listed at most; older ones stay stored and readable by id. */
export const DRILL_LIST_LIMIT = 200;

/** Failover drills and their reports, in SQLite, kept. */
export class DrillStore {
  constructor(private readonly db: Database) {}

  get(id: string): Drill | undefined {
    const row = this.db.prepare<[string], DrillRow>("SELECT * FROM drills WHERE id = ?").get(id);
    return row && toDrill(row);
  }

  /** Newest first. */
  list(limit = DRILL_LIST_LIMIT): Drill[] {
    return this.db
      .prepare<[number], DrillRow>(
        "SELECT * FROM drills ORDER BY started_at DESC, rowid DESC LIMIT ?",
      )
      .all(limit)
      .map(toDrill);
  }

  /** Inserts or replaces the whole drill: it is small and written on every step change. */
  save(drill: Drill): void {
    this.db
      .prepare(
        `INSERT INTO drills (id, realm, cluster, action, observe_ms, status, started_at, finished_at,
           steps_json, report_json, error_json)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET status = excluded.status, finished_at = excluded.finished_at,
           steps_json = excluded.steps_json, report_json = excluded.report_json,
           error_json = excluded.error_json`,
      )
      .run(
        drill.id,
        drill.realm,
        drill.cluster,
        drill.action,
        drill.observeMs,
        drill.status,
        drill.startedAt,
        drill.finishedAt,
        JSON.stringify(drill.steps),
        drill.report === null ? null : JSON.stringify(drill.report),
        drill.error === null ? null : JSON.stringify(drill.error),
      );
  }

  /**
   * Drills left running by an earlier process cannot finish: mark them failed, saying the realm
   * may still be down, so the operator looks at it.
   */
  failInterrupted(): number {
    const rows = this.db
      .prepare<[], DrillRow>("SELECT * FROM drills WHERE status = 'running'")
      .all();
    for (const row of rows) {
      const drill = toDrill(row);
      this.save(
        interrupted(
          drill,
          `The admin API stopped before this drill finished: check that realm "${drill.realm}" is running again`,
        ),
      );
    }
    return rows.length;
  }
}
