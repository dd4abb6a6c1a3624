import { ChangePasswordSchema, PASSWORD_MIN_LENGTH, type Me } from "@em/contracts";
import { useEffect, useState, type FormEvent } from "react";
import { ErrorNotice } from "../../components/error-notice.js";
import { useNotify } from "../../components/notices.js";
import { TextField } from "../../components/text-field.js";
import { useChangePasswordMutation } from "../../data/users.js";
import { ApiRequestError } from "../../lib/api-client.js";
import { fieldErrors } from "../users/field-errors.js";

type Field = "currentPassword" | "newPassword" | "confirmPassword";

const EMPTY: Record<Field, string> = { currentPassword: "", newPassword: "", confirmPassword: "" };

const FIELDS: readonly { field: Field; label: string; help: string; autoComplete: string }[] = [
  {
    field: "currentPassword",
    label: "Current password",
    help: "The one you signed in with",
    autoComplete: "current-password",
  },
  {
    field: "newPassword",
    label: "New password",
    help: `At least ${PASSWORD_MIN_LENGTH} characters`,
    autoComplete: "new-password",
  },
  {
    field: "confirmPassword",
    label: "New password again",
    help: "To catch a typo",
    autoComplete: "new-password",
  },
];

/** The API's field problems (`details.issues`), so a wrong current password shows at its field. */
function serverFieldErrors(error: unknown): Partial<Record<Field, string>> {
  if (!(error instanceof ApiRequestError) || error.code !== "VALIDATION") return {};
  const issues = error.details?.["issues"];
  if (!Array.isArray(issues)) return {};
  return fieldErrors<Field>(
    issues.flatMap((issue: { path?: unknown; message?: unknown }) =>
      typeof issue.path === "string" && typeof issue.message === "string"
        ? [{ path: [issue.path], message: issue.message }]
        : [],
    ),
  );
}

/** Every user: who they are, and their own password change. */
export function AccountPage({ me }: { me: Me }) {
  const notify = useNotify();
  const change = useChangePasswordMutation();
  const [form, setForm] = useState(EMPTY);
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  useEffect(() => {
    document.title = "Account · Enterprise Manager";
  }, []);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const parsed = ChangePasswordSchema.safeParse(form);
    const found = parsed.success ? {} : fieldErrors<Field>(parsed.error.issues);
    if (form.confirmPassword !== form.newPassword) found.confirmPassword ??= "does not match";
    setErrors(found);
    if (!parsed.success || Object.keys(found).length > 0) return;
    change.mutate(parsed.data, {
      onSuccess: () => {
        notify({
          tone: "success",
          title: "Password changed",
          detail: "Your other sessions were signed out; this one stays.",
        });
        setForm(EMPTY);
      },
      onError: (error) => setErrors(serverFieldErrors(error)),
    });
  };

  return (
    <section className="page" aria-labelledby="account-title">
      <div className="page__header">
        <div>
          <h1 id="account-title" className="page__title">
            Account
          </h1>
          <p className="page__subtitle">
            Signed in as <strong>{me.user.username}</strong> ({me.user.role}).
          </p>
        </div>
      </div>
      <form
        className="panel"
        onSubmit={onSubmit}
        noValidate
        aria-labelledby="change-password-title"
        data-testid="change-password-form"
      >
        <h2 id="change-password-title" className="section-title">
          Change password
        </h2>
        {/* Lets password managers tie the new password to this account. */}
        <input
          type="text"
          name="username"
          autoComplete="username"
          value={me.user.username}
          readOnly
          hidden
        />
        {FIELDS.map(({ field, label, help, autoComplete }) => (
          <TextField
            key={field}
            id={`account-${field}`}
            label={label}
            help={help}
            error={errors[field]}
            className="input input--name"
            type="password"
            autoComplete={autoComplete}
            value={form[field]}
            onChange={(e) => setForm({ ...form, [field]: e.target.value })}
          />
        ))}
        {/* A problem with one field shows at that field; anything else here. */}
        {change.isError && Object.keys(errors).length === 0 ? (
          <ErrorNotice error={change.error} title="Password not changed" />
        ) : null}
        <div className="toolbar">
          <button
            type="submit"
            className="button button--primary"
            disabled={change.isPending}
            data-testid="change-password-submit"
          >
            {change.isPending ? "Changing…" : "Change password"}
          </button>
        </div>
      </form>
    </section>
  );
}
