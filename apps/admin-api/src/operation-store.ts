import { z } from "zod";
import {
  OperationSchema,
  OperationStepSchema,
  type Operation,
  type OperationKind,
} from "@em/contracts";
import type { Database } from "./database.js";
import { interrupted } from "./step-run.js";

interface OperationRow {
  id: string;
  kind: OperationKind;
  cluster: string;
  status: Operation["status"];
  started_at: string;
  finished_at: string | null;
  steps_json: string;
  error_json: string | null;
}

const StepsSchema = z.array(OperationStepSchema);
const ErrorSchema = OperationSchema.shape.error;

function toOperation(row: OperationRow): Operation {
  return {
    id: row.id,
    kind: row.kind,
    cluster: row.cluster,
    status: row.status,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    steps: StepsSchema.parse(JSON.parse(row.steps_json)),
    error: row.error_json === null ? null : ErrorSchema.parse(JSON.parse(row.error_json)),
  };
}

/** Long-running cluster changes and their steps, in SQLite. */
export class OperationStore {
  constructor(private readonly db: Database) {}

  get(id: string): Operation | undefined {
    const row = this.db
      .prepare<[string], OperationRow>("SELECT * FROM operations WHERE id = ?")
      .get(id);
    return row && toOperation(row);
  }

  /** The cluster's latest operation, if any. */
  latest(cluster: string): Operation | undefined {
    const row = this.db
      .prepare<[string], OperationRow>(
        "SELECT * FROM operations WHERE cluster = ? ORDER BY started_at DESC, rowid DESC LIMIT 1",
      )
      .get(cluster);
    return row && toOperation(row);
  }

  /** Inserts or replaces the whole operation: it is small and written on every step change. */
  save(operation: Operation): void {
    this.db
      .prepare(
        `INSERT INTO operations (id, kind, cluster, status, started_at, finished_at, steps_json, error_json)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET status = excluded.status, finished_at = excluded.finished_at,
           steps_json = excluded.steps_json, error_json = excluded.error_json`,
      )
      .run(
        operation.id,
        operation.kind,
        operation.cluster,
        operation.status,
        operation.startedAt,
        operation.finishedAt,
        JSON.stringify(operation.steps),
        operation.error === null ? null : JSON.stringify(operation.error),
      );
  }

  /**
   * Operations left running by an earlier process cannot finish any more: mark them failed so
   * the console does not wait on them forever.
   */
  failInterrupted(): number {
    const rows = this.db
      .prepare<[], OperationRow>("SELECT * FROM operations WHERE status = 'running'")
      .all();
    for (const row of rows) {
      const operation = toOperation(row);
      this.save(
        interrupted(
          operation,
          "The admin API stopped before this operation finished: check the cluster's state and retry",
        ),
      );
    }
    return rows.length;
  }
}
