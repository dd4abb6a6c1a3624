import { useId } from "react";
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { formatCompact } from "../../lib/format.js";
import type { ChartRow } from "./history-series.js";

/** @default 220 — tall enough for three realms' lines to be told apart, short enough for three charts on a screen. */
const CHART_HEIGHT_PX = 220;

/** Series colours per realm, from history.css so they follow the theme. */
const PALETTE_SIZE = 6;
export const seriesColor = (index: number) => `var(--history-series-${(index % PALETTE_SIZE) + 1})`;

/** One line of a chart. */
export interface ChartLine {
  key: string;
  label: string;
  color: string;
  dashed?: boolean;
}

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" });
const tooltipTimeFormat = new Intl.DateTimeFormat(undefined, {
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
});

// Inline styles read the theme's tokens, so the tooltip follows light and dark without a rerender.
const TOOLTIP_STYLE = {
  background: "var(--color-surface)",
  border: "1px solid var(--color-border)",
  borderRadius: "var(--radius)",
  color: "var(--color-text)",
  fontSize: "var(--text-sm)",
};
const AXIS_TICK = { fill: "var(--color-text-muted)", fontSize: 11 };

/**
 * A titled line chart over time with a text summary of what it shows: the summary is the
 * chart for a screen reader, and the title names both.
 */
export function HistoryChart({
  title,
  summary,
  rows,
  lines,
  domain,
  unit,
  testId,
}: {
  title: string;
  summary: string;
  rows: ChartRow[];
  lines: ChartLine[];
  /** The window, epoch ms, so an hour always spans the whole width. */
  domain: [number, number];
  /** Appended to values in the tooltip: " /s", " events". */
  unit: string;
  testId: string;
}) {
  const titleId = useId();
  const summaryId = useId();
  return (
    <figure
      className="history-chart"
      aria-labelledby={titleId}
      aria-describedby={summaryId}
      data-testid={testId}
    >
      <figcaption id={titleId} className="history-chart__title">
        {title}
      </figcaption>
      <div className="history-chart__plot" aria-hidden="true">
        <ResponsiveContainer width="100%" height={CHART_HEIGHT_PX}>
          <LineChart data={rows} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
            <CartesianGrid stroke="var(--color-border)" strokeDasharray="3 3" />
            <XAxis
              dataKey="t"
              type="number"
              scale="time"
              domain={domain}
              tickFormatter={(t: number) => timeFormat.format(t)}
              tick={AXIS_TICK}
              stroke="var(--color-border-strong)"
              minTickGap={32}
            />
            <YAxis
              tickFormatter={(v: number) => formatCompact(v)}
              tick={AXIS_TICK}
              stroke="var(--color-border-strong)"
              width={44}
              allowDecimals={false}
            />
            <Tooltip
              contentStyle={TOOLTIP_STYLE}
              separator=": "
              labelFormatter={(t) => tooltipTimeFormat.format(Number(t))}
              formatter={(value) => `${formatCompact(Number(value))}${unit}`}
            />
            <Legend wrapperStyle={{ fontSize: "var(--text-sm)" }} />
            {lines.map((line) => (
              <Line
                key={line.key}
                dataKey={line.key}
                name={line.label}
                stroke={line.color}
                strokeWidth={1.75}
                strokeDasharray={line.dashed ? "5 3" : undefined}
                dot={false}
                // A gap is a realm that gave no sample: drawn as a break, never bridged.
                connectNulls={false}
                isAnimationActive={false}
                type="monotone"
              />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </div>
      <p id={summaryId} className="history-chart__summary">
        {summary}
      </p>
    </figure>
  );
}
