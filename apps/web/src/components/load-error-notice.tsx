import type { ReactNode } from "react";
import { ErrorNotice } from "./error-notice.js";

/** A query that could not load: its error, then a button to try again at once. */
export function LoadErrorNotice({
  query,
  title,
  children,
}: {
  query: { error: unknown; refetch: () => Promise<unknown> };
  title: string;
  /** Said before the button, e.g. that the console tries again by itself. */
  children?: ReactNode;
}) {
  return (
    <ErrorNotice error={query.error} title={title}>
      <p>
        {children}
        <button type="button" className="link-button" onClick={() => void query.refetch()}>
          Try now
        </button>
      </p>
    </ErrorNotice>
  );
}
