import { useEffect, useId, useRef, type ReactNode } from "react";

export interface ConfirmDialogProps {
  open: boolean;
  title: string;
  /** What will happen, in plain words. */
  children: ReactNode;
  confirmLabel: string;
  pendingLabel: string;
  tone: "danger" | "primary";
  pending: boolean;
  /** Shown under the description when the action failed; the dialog stays open to retry. */
  error?: ReactNode;
  onConfirm: () => void;
  onCancel: () => void;
  testId?: string;
}

/**
 * A modal confirmation on the native `<dialog>`: focus is trapped and returned, Escape
 * cancels (except while the action runs), and the description is read out with the title.
 */
export function ConfirmDialog(props: ConfirmDialogProps) {
  const {
    open,
    title,
    children,
    confirmLabel,
    pendingLabel,
    tone,
    pending,
    error,
    onConfirm,
    onCancel,
    testId,
  } = props;
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const descriptionId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={titleId}
      aria-describedby={descriptionId}
      data-testid={testId}
      onCancel={(event) => {
        event.preventDefault();
        if (!pending) onCancel();
      }}
    >
      {open ? (
        <form
          method="dialog"
          onSubmit={(event) => {
            event.preventDefault();
            if (!pending) onConfirm();
          }}
        >
          <h2 id={titleId} className="dialog__title">
            {title}
          </h2>
          <div id={descriptionId} className="dialog__body">
            {children}
          </div>
          {error}
          <div className="dialog__actions">
            <button
              type="button"
              className="button"
              onClick={onCancel}
              disabled={pending}
              autoFocus
            >
              Cancel
            </button>
            <button
              type="submit"
              className={`button button--${tone}`}
              disabled={pending}
              aria-busy={pending}
              data-testid={testId ? `${testId}-confirm` : undefined}
            >
              {pending ? pendingLabel : confirmLabel}
            </button>
          </div>
        </form>
      ) : null}
    </dialog>
  );
}
