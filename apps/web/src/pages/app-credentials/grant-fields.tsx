import { TextField } from "../../components/text-field.js";
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
      {GRANT_FIELDS.map(({ key, label, help }) => (
        <TextField
          key={key}
          id={`${idPrefix}-${key}`}
          label={label}
          help={help}
          error={errors[key]}
          value={texts[key]}
          autoComplete="off"
          spellCheck={false}
          onChange={(e) => onChange({ ...texts, [key]: e.target.value })}
        />
      ))}
    </div>
  );
}
