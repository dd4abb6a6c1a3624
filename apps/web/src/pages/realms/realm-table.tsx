import type { RealmAction, RealmSummary } from "@em/contracts";
import { RealmRow } from "./realm-row.js";

interface RealmTableProps {
  realms: readonly RealmSummary[];
  nowMs: number;
  canAct: boolean;
  onAction: (name: string, action: RealmAction) => void;
}

export function RealmTable({ realms, nowMs, canAct, onAction }: RealmTableProps) {
  return (
    <div className="table-wrap">
      <table className="table" data-testid="realm-table">
        <caption className="visually-hidden">Realms, their status, metrics and actions</caption>
        <thead>
          <tr>
            <th scope="col" rowSpan={2}>
              Realm
            </th>
            <th scope="col" rowSpan={2}>
              Status
            </th>
            <th scope="col" rowSpan={2}>
              Host
            </th>
            <th scope="col" rowSpan={2}>
              RNAMEs
            </th>
            <th scope="col" rowSpan={2} className="num">
              Uptime
            </th>
            <th scope="col" rowSpan={2} className="num" title="Client connections now">
              Conns
            </th>
            <th scope="colgroup" colSpan={2} className="group">
              Messages /s
            </th>
            <th scope="colgroup" colSpan={2} className="group">
              Bytes /s
            </th>
            <th
              scope="col"
              rowSpan={2}
              className="num"
              title="Resident memory of the realm's process"
            >
              Memory
            </th>
            <th scope="col" rowSpan={2} className="num" title="JetStream file storage used">
              Storage
            </th>
            <th scope="col" rowSpan={2}>
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
          <tr>
            <th scope="col" className="num sub">
              in
            </th>
            <th scope="col" className="num sub">
              out
            </th>
            <th scope="col" className="num sub">
              in
            </th>
            <th scope="col" className="num sub">
              out
            </th>
          </tr>
        </thead>
        <tbody>
          {realms.map((realm) => (
            <RealmRow
              key={realm.name}
              realm={realm}
              nowMs={nowMs}
              canAct={canAct}
              onAction={onAction}
            />
          ))}
        </tbody>
      </table>
    </div>
  );
}
