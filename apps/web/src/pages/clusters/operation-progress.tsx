import type { Operation, OperationStep } from "@em/contracts";
import { ErrorNotice } from "../../components/error-notice.js";
import { CheckIcon, CloseIcon } from "../../components/icons.js";
import { ApiRequestError } from "../../lib/api-client.js";
import { useNow } from "../../lib/use-now.js";
import { formatDuration, stepElapsedMs } from "./cluster-format.js";

/** How often running steps' elapsed time moves on. @default 200 */
export const STEP_CLOCK_TICK_MS = 200;

function StepIcon({ status }: { status: OperationStep["status"] }) {
  switch (status) {
    case "done":
      return <CheckIcon width={14} height={14} />;
    case "failed":
      return <CloseIcon width={14} height={14} />;
    case "running":
      return <span className="spinner spinner--small" aria-hidden="true" />;
    case "skipped":
      return <span aria-hidden="true">–</span>;
    case "pending":
      return <span className="step__pending" aria-hidden="true" />;
  }
}

/** What the step list needs: an operation's or a drill's steps, status and times. */
export type StepsProgress = Pick<
  Operation,
  "status" | "startedAt" | "finishedAt" | "steps" | "error"
>;

/** Each step of an operation with its status and time, then the outcome (code and message). */
export function OperationProgress({
  operation,
  testId = "operation-progress",
  failureTitle = "The operation failed; the realms keep running as the steps above say",
}: {
  operation: StepsProgress;
  testId?: string;
  failureTitle?: string;
}) {
  const nowMs = useNow(operation.status === "running" ? STEP_CLOCK_TICK_MS : 60_000);
  const total =
    (operation.finishedAt === null ? nowMs : Date.parse(operation.finishedAt)) -
    Date.parse(operation.startedAt);
  return (
    <div
      className="operation"
      data-testid={testId}
      data-status={operation.status}
      aria-live="polite"
    >
      <ol className="steps">
        {operation.steps.map((step, i) => (
          <li key={`${i}-${step.name}`} className={`step step--${step.status}`}>
            <span className="step__icon">
              <StepIcon status={step.status} />
            </span>
            <span className="step__text">
              <span className="step__name">{step.name}</span>
              {step.message ? <span className="step__message">{step.message}</span> : null}
            </span>
            <span className="step__time">
              {step.status === "pending" ? "" : formatDuration(stepElapsedMs(step, nowMs))}
            </span>
          </li>
        ))}
      </ol>
      <p className={`operation__summary operation__summary--${operation.status}`}>
        {operation.status === "running"
          ? `Running for ${formatDuration(Math.max(0, total))}…`
          : operation.status === "succeeded"
            ? `Done in ${formatDuration(Math.max(0, total))}`
            : `Failed after ${formatDuration(Math.max(0, total))}`}
      </p>
      {operation.error ? (
        <ErrorNotice
          error={new ApiRequestError(operation.error.code, operation.error.message, 0)}
          title={failureTitle}
        />
      ) : null}
    </div>
  );
}
