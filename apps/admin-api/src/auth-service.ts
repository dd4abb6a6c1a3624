import { ApiError, type Login, type User } from "@em/contracts";
import { LoginThrottle } from "./login-throttle.js";
import { hashPassword, verifyPassword } from "./password.js";
import type { SessionStore, SessionUser } from "./session-store.js";
import type { UserStore } from "./user-store.js";

const BAD_CREDENTIALS = "Wrong username or password";

/** Log in, resolve and end sessions. Knows nothing of cookies or HTTP. */
export class AuthService {
  // Verifying against a real hash when the user does not exist keeps the answer time the same,
  // so timing does not reveal which usernames exist.
  private readonly dummyHash: Promise<string> = hashPassword("not-a-user-password");
  private readonly throttle = new LoginThrottle();
  private readonly endedListeners: ((sessionId: string) => void)[] = [];

  constructor(
    private readonly users: UserStore,
    private readonly sessions: SessionStore,
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
    return { token, expiresAt, user: { username: record.username, role: record.role } };
  }

  /** The session a cookie token names, if it is valid and unexpired. */
  authenticate(token: string | null | undefined): SessionUser | undefined {
    if (!token) return undefined;
    return this.sessions.find(token);
  }

  isSessionActive(sessionId: string): boolean {
    return this.sessions.isActive(sessionId);
  }

  logout(sessionId: string): void {
    this.sessions.delete(sessionId);
    for (const listener of this.endedListeners) listener(sessionId);
  }

  /** Called with the id of each session that ends, so live sockets of it can be closed. */
  onSessionEnded(listener: (sessionId: string) => void): void {
    this.endedListeners.push(listener);
  }
}
