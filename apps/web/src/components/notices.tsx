import { createContext, useCallback, useContext, useState, type ReactNode } from "react";
import { CloseIcon } from "./icons.js";

/** How long a success notice stays; errors stay until dismissed. @default 6_000 */
export const NOTICE_TIMEOUT_MS = 6_000;

export interface Notice {
  id: number;
  tone: "success" | "error";
  title: string;
  detail?: string | undefined;
  code?: string | undefined;
}

type Notify = (notice: Omit<Notice, "id">) => void;

const NotifyContext = createContext<Notify>(() => undefined);

/** Shows the outcome of what the operator just did, in a corner, read out by screen readers. */
export function NoticesProvider({ children }: { children: ReactNode }) {
  const [notices, setNotices] = useState<Notice[]>([]);
  const dismiss = useCallback(
    (id: number) => setNotices((list) => list.filter((n) => n.id !== id)),
    [],
  );
  const notify = useCallback<Notify>(
    (notice) => {
      const id = Date.now() + Math.random();
      setNotices((list) => [...list.slice(-4), { ...notice, id }]);
      if (notice.tone === "success") setTimeout(() => dismiss(id), NOTICE_TIMEOUT_MS);
    },
    [dismiss],
  );
  return (
    <NotifyContext.Provider value={notify}>
      {children}
      <div className="notices" aria-live="polite">
        {notices.map((notice) => (
          <div
            key={notice.id}
            className={`toast toast--${notice.tone}`}
            role={notice.tone === "error" ? "alert" : "status"}
            data-testid="notice"
          >
            <div className="toast__text">
              <p className="toast__title">{notice.title}</p>
              {notice.detail || notice.code ? (
                <p className="toast__detail">
                  {notice.code ? <code className="error-code">{notice.code}</code> : null}{" "}
                  {notice.detail}
                </p>
              ) : null}
            </div>
            <button
              type="button"
              className="icon-button icon-button--small"
              aria-label="Dismiss"
              onClick={() => dismiss(notice.id)}
            >
              <CloseIcon width={14} height={14} />
            </button>
          </div>
        ))}
      </div>
    </NotifyContext.Provider>
  );
}

export function useNotify(): Notify {
  return useContext(NotifyContext);
}
