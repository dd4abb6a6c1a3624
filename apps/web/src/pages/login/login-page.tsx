import { LoginSchema } from "@em/contracts";
import { useState, type FormEvent } from "react";
import { ErrorNotice } from "../../components/error-notice.js";
import { LogoMark } from "../../components/icons.js";
import { ThemeToggle } from "../../components/theme-toggle.js";
import { useLoginMutation } from "../../data/auth.js";

/** Username and password; the API's answer (code and message) is shown as it is. */
export function LoginPage() {
  const login = useLoginMutation();
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [formError, setFormError] = useState<string | null>(null);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const parsed = LoginSchema.safeParse({ username: username.trim(), password });
    if (!parsed.success) {
      setFormError(parsed.error.issues.map((issue) => issue.message).join("; "));
      return;
    }
    setFormError(null);
    login.mutate(parsed.data);
  };

  return (
    <div className="login">
      <div className="login__theme">
        <ThemeToggle />
      </div>
      <form className="login__card" onSubmit={onSubmit} noValidate aria-labelledby="login-title">
        <div className="login__brand">
          <LogoMark width={32} height={32} />
          <div>
            <h1 id="login-title" className="login__title">
              Enterprise Manager
            </h1>
            <p className="login__subtitle">Sign in to manage realms and clusters</p>
          </div>
        </div>
        <label className="field">
          <span className="field__label">Username</span>
          <input
            className="input"
            name="username"
            autoComplete="username"
            autoFocus
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            data-testid="login-username"
          />
        </label>
        <label className="field">
          <span className="field__label">Password</span>
          <input
            className="input"
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            data-testid="login-password"
          />
        </label>
        {formError ? (
          <p className="field__error" role="alert">
            {formError}
          </p>
        ) : null}
        {login.isError ? <ErrorNotice error={login.error} title="Sign-in failed" /> : null}
        <button
          type="submit"
          className="button button--primary button--block"
          disabled={login.isPending}
          data-testid="login-submit"
        >
          {login.isPending ? "Signing in…" : "Sign in"}
        </button>
      </form>
    </div>
  );
}
