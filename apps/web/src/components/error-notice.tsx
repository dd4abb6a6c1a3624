import type { ReactNode } from "react";
import { describeError } from "../lib/api-client.js";
import { AlertIcon } from "./icons.js";

/** An API error as the console shows it everywhere: the code, then what to do. */
export function ErrorNotice({
  error,
  title,
  children,
}: {
  error: unknown;
  title?: string;
  children?: ReactNode;
}) {
  const { code, message } = describeError(error);
  return (
    <div className="notice notice--error" role="alert">
      <AlertIcon className="notice__icon" />
      <div>
        {title ? <p className="notice__title">{title}</p> : null}
        <p>
          <code className="error-code">{code}</code> {message}
        </p>
        {children}
      </div>
    </div>
  );
}
