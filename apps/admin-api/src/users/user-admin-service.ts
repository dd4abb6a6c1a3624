import { ApiError, type CreateUser, type Role, type UserSummary } from "@em/contracts";
import type { AuthService } from "../auth-service.js";
import { hashPassword } from "../password.js";
import type { SessionUser } from "../session-store.js";
import type { UserRecord, UserStore } from "../user-store.js";

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === "SQLITE_CONSTRAINT_UNIQUE";
}

/**
 * Console users as admins manage them. Every change that alters what a user may do ends their
 * sessions through {@link AuthService}, so live sockets close too and the change applies at once.
 */
export class UserAdminService {
  private readonly users: UserStore;

  constructor(private readonly auth: AuthService) {
    this.users = auth.users;
  }

  list(): UserSummary[] {
    const active = this.auth.sessions.activeCounts();
    return this.users.list().map((user) => this.summary(user, active.get(user.id) ?? 0));
  }

  async create(body: CreateUser): Promise<UserSummary> {
    this.refuseTaken(body.username);
    const passwordHash = await hashPassword(body.password);
    try {
      const user = this.users.create({ username: body.username, role: body.role, passwordHash });
      return this.summary(user, 0);
    } catch (error) {
      // Another request created the same name while argon2 ran.
      if (isUniqueViolation(error)) this.refuseTaken(body.username);
      throw error;
    }
  }

  /** Changes a role and ends the user's sessions; the last admin keeps theirs. */
  updateRole(username: string, role: Role): UserSummary {
    const { user, changed } = this.users.transaction(() => {
      const found = this.require(username);
      if (found.role === role) return { user: found, changed: false };
      if (found.role === "admin") this.refuseLastAdmin(found, `demote ${found.username}`);
      this.users.setRole(found.id, role);
      return { user: { ...found, role }, changed: true };
    });
    // An unchanged role changes nothing: the user keeps their sessions.
    if (changed) this.auth.revokeSessions(user.id);
    return this.summary(user, this.auth.sessions.activeCounts().get(user.id) ?? 0);
  }

  delete(username: string, actor: SessionUser): void {
    const user = this.users.transaction(() => {
      const found = this.require(username);
      if (found.id === actor.userId) {
        throw new ApiError(
          "CONFLICT",
          "You cannot delete yourself: another admin must do it, so the console always keeps one",
        );
      }
      if (found.role === "admin") this.refuseLastAdmin(found, `delete ${found.username}`);
      return found;
    });
    // Sessions first, so their listeners hear of each one before the cascade removes them.
    this.auth.revokeSessions(user.id);
    this.users.delete(user.id);
  }

  revokeSessions(username: string): { revoked: number } {
    return { revoked: this.auth.revokeSessions(this.require(username).id) };
  }

  private require(username: string): UserRecord {
    const user = this.users.findByUsername(username);
    if (!user) throw new ApiError("NOT_FOUND", `No user named "${username}"`);
    return user;
  }

  private refuseTaken(username: string): void {
    if (this.users.findByUsername(username)) {
      throw new ApiError(
        "CONFLICT",
        `A user named "${username}" already exists: choose another name`,
      );
    }
  }

  private refuseLastAdmin(user: UserRecord, what: string): void {
    if (this.users.countWithRole("admin") <= 1) {
      throw new ApiError(
        "CONFLICT",
        `Cannot ${what}: ${user.username} is the last admin. Make another user admin first`,
      );
    }
  }

  private summary(user: UserRecord, activeSessions: number): UserSummary {
    return {
      username: user.username,
      role: user.role,
      createdAt: user.createdAt,
      ...(user.lastLoginAt === undefined ? {} : { lastLoginAt: user.lastLoginAt }),
      activeSessions,
    };
  }
}
