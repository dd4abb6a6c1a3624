import type { InputHTMLAttributes, ReactNode } from "react";

/**
 * A labelled input with its help underneath, or its error in the help's place. `id` is also the
 * input's test id; `<id>-help` is the line that describes it.
 */
export function TextField({
  id,
  label,
  help,
  error,
  ...input
}: {
  id: string;
  label: string;
  help: ReactNode;
  error: string | undefined;
} & Omit<InputHTMLAttributes<HTMLInputElement>, "id">) {
  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      <input
        className="input"
        {...input}
        id={id}
        aria-invalid={error !== undefined}
        aria-describedby={`${id}-help`}
        data-testid={id}
      />
      <span id={`${id}-help`} className={error ? "field__error" : "field__help"}>
        {error ?? help}
      </span>
    </div>
  );
}
