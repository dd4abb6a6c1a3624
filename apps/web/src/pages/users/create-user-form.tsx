import {
  CreateUserSchema,
  PASSWORD_MIN_LENGTH,
  RoleSchema,
  type CreateUser,
  type Role,
} from "@em/contracts";
import { useState, type FormEvent } from "react";
import { ErrorNotice } from "../../components/error-notice.js";
import { useNotify } from "../../components/notices.js";
import { TextField } from "../../components/text-field.js";
import { useCreateUserMutation } from "../../data/users.js";
import { fieldErrors } from "./field-errors.js";
import { ROLE_COPY } from "./role-copy.js";

type Field = keyof CreateUser;

const EMPTY = { username: "", password: "", role: "viewer" as Role };

/** A new user: name, initial password (they change it on /account) and role. */
export function CreateUserForm() {
  const notify = useNotify();
  const create = useCreateUserMutation();
  const [form, setForm] = useState(EMPTY);
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const parsed = CreateUserSchema.safeParse({ ...form, username: form.username.trim() });
    if (!parsed.success) {
      setErrors(fieldErrors<Field>(parsed.error.issues));
      return;
    }
    setErrors({});
    create.mutate(parsed.data, {
      onSuccess: (user) => {
        notify({ tone: "success", title: `User ${user.username} created as ${user.role}` });
        setForm(EMPTY);
      },
    });
  };

  return (
    <form className="panel" onSubmit={onSubmit} noValidate aria-labelledby="new-user-title">
      <h2 id="new-user-title" className="section-title">
        New user
      </h2>
      <div className="form-row">
        <TextField
          id="new-user-username"
          label="Username"
          help="Lowercase letters, digits, '.', '_' or '-'"
          error={errors.username}
          value={form.username}
          autoComplete="off"
          onChange={(e) => setForm({ ...form, username: e.target.value })}
        />
        <TextField
          id="new-user-password"
          label="Initial password"
          help={`At least ${PASSWORD_MIN_LENGTH} characters`}
          error={errors.password}
          value={form.password}
          type="password"
          autoComplete="new-password"
          onChange={(e) => setForm({ ...form, password: e.target.value })}
        />
        <div className="field">
          <label className="field__label" htmlFor="new-user-role">
            Role
          </label>
          <select
            id="new-user-role"
            className="input"
            value={form.role}
            aria-describedby="new-user-role-help"
            onChange={(e) => setForm({ ...form, role: RoleSchema.parse(e.target.value) })}
            data-testid="new-user-role"
          >
            {RoleSchema.options.map((role) => (
              <option key={role} value={role}>
                {ROLE_COPY[role].label}
              </option>
            ))}
          </select>
          <span id="new-user-role-help" className={errors.role ? "field__error" : "field__help"}>
            {errors.role ?? ROLE_COPY[form.role].help}
          </span>
        </div>
      </div>
      {create.isError ? <ErrorNotice error={create.error} title="User not created" /> : null}
      <div className="toolbar">
        <button
          type="submit"
          className="button button--primary"
          disabled={create.isPending}
          data-testid="new-user-submit"
        >
          {create.isPending ? "Creating…" : "Create user"}
        </button>
      </div>
    </form>
  );
}
