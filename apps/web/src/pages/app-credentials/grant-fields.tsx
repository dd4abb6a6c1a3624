import { GRANT_FIELDS, type GrantTexts } from "./grant-text.js";

/** The four rights of a credential as text fields, each with its help or its error. */
export function GrantFields({
  idPrefix,
  texts,
  errors,
  onChange,
}: {
  idPrefix: string;
  texts: GrantTexts;
  errors: Partial<Record<keyof GrantTexts, string>>;
  onChange: (texts: GrantTexts) => void;
}) {
  return (
    <div className="form-row">
      {GRANT_FIELDS.map(({ key, label, help }) => {
        const id = `${idPrefix}-${key}`;
        return (
          <div className="field" key={key}>
            <label className="field__label" htmlFor={id}>
              {label}
            </label>
            <input
              id={id}
              className="input"
              value={texts[key]}
              autoComplete="off"
              spellCheck={false}
              aria-invalid={errors[key] !== undefined}
              aria-describedby={`${id}-help`}
              onChange={(e) => onChange({ ...texts, [key]: e.target.value })}
              data-testid={id}
            />
            <span id={`${id}-help`} className={errors[key] ? "field__error" : "field__help"}>
              {errors[key] ?? help}
            </span>
          </div>
        );
      })}
    </div>
  );
}
