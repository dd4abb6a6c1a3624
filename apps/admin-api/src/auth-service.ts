import { ApiError, type ChangePassword, type Login, type User } from "@em/contracts";
import { LoginThrottle } from "./login-throttle.js";
import { hashPassword, verifyPassword } from "./password.js";
import type { SessionStore, SessionUser } from "./session-store.js";
import type { UserStore } from "./user-store.js";

const BAD_CREDENTIALS = "Wrong username or password";
const WRONG_CURRENT_PASSWORD = "does not match your current password";

/** Log in, resolve and end sessions, change passwords. Knows nothing of cookies or HTTP. */
export class AuthService {
  // Verifying against a real hash when the user does not exist keeps the answer time the same,
  // so timing does not reveal which usernames exist.
  private readonly dummyHash: Promise<string> = hashPassword("not-a-user-password");
  private readonly throttle = new LoginThrottle();
  private readonly endedListeners: ((sessionId: string) => void)[] = [];

  constructor(
    readonly users: UserStore,
    readonly sessions: SessionStore,
    private readonly sessionTtlMs: number,
  ) {}

  /** @param client who is asking (the client address), for throttling failed attempts. */
  async login(
    credentials: Login,
    client: string,
  ): Promise<{ token: string; expiresAt: Date; user: User }> {
    this.throttle.check(client, credentials.username);
    const record = this.users.findByUsername(credentials.username);
    const ok = await verifyPassword(
      record?.passwordHash ?? (await this.dummyHash),
      credentials.password,
    );
    if (!record || !ok) {
      this.throttle.recordFailure(client, credentials.username);
      throw new ApiError("UNAUTHENTICATED", BAD_CREDENTIALS);
    }
    this.throttle.recordSuccess(client, credentials.username);
    const { token, expiresAt } = this.sessions.create(record.id, this.sessionTtlMs);
    this.users.recordLogin(record.id);
    return { token, expiresAt, user: { username: record.username, role: record.role } };
  }

  /** The session a cookie token names, if it is valid, unexpired and not idle. */
  authenticate(token: string | null | undefined): SessionUser | undefined {
    if (!token) return undefined;
    return this.sessions.find(token);
  }

  /**
   * Whether a live socket's session still holds. Asked periodically for every connected socket,
   * so it also counts the socket as use: a console watching live without requests stays signed
   * in until the absolute expiry, as one that polls does.
   */
  isSessionActive(sessionId: string): boolean {
    return this.sessions.touchIfActive(sessionId);
  }

  logout(sessionId: string): void {
    this.sessions.delete(sessionId);
    this.ended(sessionId);
  }

  /**
   * Ends every session of a user (but `keepSessionId`), live sockets included.
   * @returns how many sessions ended.
   */
  revokeSessions(userId: number, keepSessionId?: string): number {
    const ended = this.sessions.deleteForUser(userId, keepSessionId);
    for (const sessionId of ended) this.ended(sessionId);
    return ended.length;
  }

  /**
   * Changes the session user's own password: the current one must match (a wrong one counts as
   * a failed login for throttling), and every other session of the user ends.
   */
  async changePassword(
    session: SessionUser,
    change: ChangePassword,
    client: string,
  ): Promise<void> {
    this.throttle.check(client, session.username);
    const record = this.users.findById(session.userId);
    if (!record || !(await verifyPassword(record.passwordHash, change.currentPassword))) {
      this.throttle.recordFailure(client, session.username);
      throw new ApiError("VALIDATION", `Invalid body: currentPassword: ${WRONG_CURRENT_PASSWORD}`, {
        details: { issues: [{ path: "currentPassword", message: WRONG_CURRENT_PASSWORD }] },
      });
    }
    const passwordHash = await hashPassword(change.newPassword);
    // The session may have been revoked (or the user deleted) while argon2 ran.
    if (!this.sessions.isActive(session.sessionId)) {
      throw new ApiError("UNAUTHENTICATED", "Your session ended: log in again");
    }
    this.users.setPasswordHash(record.id, passwordHash);
    this.throttle.recordSuccess(client, session.username);
    this.revokeSessions(record.id, session.sessionId);
  }

  /** Called with the id of each session that ends, so live sockets of it can be closed. */
  onSessionEnded(listener: (sessionId: string) => void): void {
    this.endedListeners.push(listener);
  }

  private ended(sessionId: string): void {
    for (const listener of this.endedListeners) listener(sessionId);
  }
}
