import { CreateAppCredentialSchema, type AppCredentialSecret } from "@em/contracts";
import { useState, type FormEvent } from "react";
import { ErrorNotice } from "../../components/error-notice.js";
import { TextField } from "../../components/text-field.js";
import { useCreateAppCredentialMutation } from "../../data/app-credentials.js";
import { GrantFields } from "./grant-fields.js";
import { EMPTY_GRANTS, permissionsInput, type GrantTexts } from "./grant-text.js";

type Errors = Partial<Record<"name" | keyof GrantTexts, string>>;

/** Zod issues as one message per field: `name` or one of the four rights. */
function issuesByField(issues: readonly { path: readonly PropertyKey[]; message: string }[]) {
  const errors: Errors = {};
  for (const issue of issues) {
    const [first, second] = issue.path;
    const field = String(first === "permissions" ? second : first) as keyof Errors;
    errors[field] ??= issue.message;
  }
  return errors;
}

/** A new credential: a name and its rights; the API answers the password once. */
export function CreateAppCredentialForm({
  onCreated,
}: {
  onCreated: (secret: AppCredentialSecret) => void;
}) {
  const create = useCreateAppCredentialMutation();
  const [name, setName] = useState("");
  const [texts, setTexts] = useState<GrantTexts>(EMPTY_GRANTS);
  const [errors, setErrors] = useState<Errors>({});

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const parsed = CreateAppCredentialSchema.safeParse({
      name: name.trim(),
      permissions: permissionsInput(texts),
    });
    if (!parsed.success) {
      setErrors(issuesByField(parsed.error.issues));
      return;
    }
    setErrors({});
    create.mutate(parsed.data, {
      onSuccess: (secret) => {
        setName("");
        setTexts(EMPTY_GRANTS);
        onCreated(secret);
        // The answer holds the password: not kept in the mutation cache once shown.
        create.reset();
      },
    });
  };

  return (
    <form
      className="panel"
      onSubmit={onSubmit}
      noValidate
      aria-labelledby="new-app-credential-title"
    >
      <h2 id="new-app-credential-title" className="section-title">
        New application credential
      </h2>
      <div className="form-row">
        <TextField
          id="new-app-credential-name"
          label="Name"
          help="The user the application connects as, e.g. billing-service"
          error={errors.name}
          value={name}
          autoComplete="off"
          onChange={(e) => setName(e.target.value)}
        />
      </div>
      <GrantFields
        idPrefix="new-app-credential"
        texts={texts}
        errors={errors}
        onChange={setTexts}
      />
      {create.isError ? <ErrorNotice error={create.error} title="Credential not created" /> : null}
      <div className="toolbar">
        <button
          type="submit"
          className="button button--primary"
          disabled={create.isPending}
          data-testid="new-app-credential-submit"
        >
          {create.isPending ? "Creating…" : "Create credential"}
        </button>
      </div>
    </form>
  );
}
