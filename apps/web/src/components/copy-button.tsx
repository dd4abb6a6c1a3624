import { useEffect, useState } from "react";
import { CheckIcon, CopyIcon } from "./icons.js";

/** How long "Copied" stays visible after a copy. @default 1_500 */
export const COPIED_FEEDBACK_MS = 1_500;

type CopyState = "idle" | "copied" | "failed";

async function copyText(text: string): Promise<void> {
  if (navigator.clipboard && window.isSecureContext) {
    await navigator.clipboard.writeText(text);
    return;
  }
  // Plain-http consoles on another host have no Clipboard API; the old way still works there.
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.style.position = "fixed";
  area.style.opacity = "0";
  document.body.append(area);
  area.select();
  const ok = document.execCommand("copy");
  area.remove();
  if (!ok) throw new Error("copy refused");
}

/** Copies `text` to the clipboard and says so next to the button. */
export function CopyButton({
  text,
  label,
  testId,
}: {
  text: string;
  label: string;
  testId?: string;
}) {
  const [state, setState] = useState<CopyState>("idle");

  useEffect(() => {
    if (state === "idle") return;
    const timer = setTimeout(() => setState("idle"), COPIED_FEEDBACK_MS);
    return () => clearTimeout(timer);
  }, [state]);

  const onClick = () => {
    copyText(text).then(
      () => setState("copied"),
      () => setState("failed"),
    );
  };

  return (
    <span className="copy">
      <button
        type="button"
        className="icon-button icon-button--small"
        aria-label={`Copy ${label}`}
        title={`Copy ${text}`}
        onClick={onClick}
        data-testid={testId}
      >
        {state === "copied" ? (
          <CheckIcon width={14} height={14} />
        ) : (
          <CopyIcon width={14} height={14} />
        )}
      </button>
      <span className={`copy__feedback copy__feedback--${state}`} role="status">
        {state === "copied" ? "Copied" : state === "failed" ? "Copy failed" : ""}
      </span>
    </span>
  );
}
