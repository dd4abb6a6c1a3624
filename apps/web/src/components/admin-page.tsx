import type { Me } from "@em/contracts";
import { useEffect, type ReactNode } from "react";

/**
 * A page only admins use: its title and what it is for, then its content for an admin; anyone
 * else reads who manages it and their own role. `id` names the title (`<id>-title`) and the
 * notice's test id (`<id>-forbidden`).
 */
export function AdminPage({
  me,
  id,
  title,
  subtitle,
  forbidden,
  children,
}: {
  me: Me;
  id: string;
  title: string;
  subtitle: ReactNode;
  /** Why a non-admin sees nothing here, e.g. "Users are managed by admins." */
  forbidden: string;
  children: ReactNode;
}) {
  useEffect(() => {
    document.title = `${title} · Enterprise Manager`;
  }, [title]);
  return (
    <section className="page" aria-labelledby={`${id}-title`}>
      <div className="page__header">
        <div>
          <h1 id={`${id}-title`} className="page__title">
            {title}
          </h1>
          <p className="page__subtitle">{subtitle}</p>
        </div>
      </div>
      {me.user.role === "admin" ? (
        children
      ) : (
        <div className="notice notice--info" role="status" data-testid={`${id}-forbidden`}>
          <p>
            {forbidden} You are {me.user.role}.
          </p>
        </div>
      )}
    </section>
  );
}
