import { CSRF_HEADER } from "@em/contracts";

/**
 * A tiny cookie-keeping HTTP client for the admin API, like a browser tab:
 * `await session.login("admin", password)` then `session.get("/api/realms")`.
 */
export interface HttpSession {
  readonly baseUrl: string;
  readonly cookie: string | null;
  request(method: string, path: string, body?: unknown, init?: RequestInit): Promise<Response>;
  get(path: string): Promise<Response>;
  post(path: string, body?: unknown): Promise<Response>;
  delete(path: string): Promise<Response>;
  login(username: string, password: string): Promise<Response>;
}

export function httpSession(baseUrl: string): HttpSession {
  let cookie: string | null = null;
  const session: HttpSession = {
    baseUrl,
    get cookie() {
      return cookie;
    },
    async request(method, path, body, init = {}) {
      const headers = new Headers(init.headers);
      if (cookie) headers.set("cookie", cookie);
      // The admin API refuses a change without it (CSRF); harmless on GET.
      if (!headers.has(CSRF_HEADER)) headers.set(CSRF_HEADER, "1");
      if (body !== undefined) headers.set("content-type", "application/json");
      const response = await fetch(`${baseUrl}${path}`, {
        ...init,
        method,
        headers,
        ...(body === undefined
          ? {}
          : { body: typeof body === "string" ? body : JSON.stringify(body) }),
        signal: init.signal ?? AbortSignal.timeout(30_000),
      });
      const setCookie = response.headers.getSetCookie();
      for (const line of setCookie) {
        const pair = line.split(";")[0] ?? "";
        if (pair.endsWith("=")) cookie = null;
        else cookie = pair;
      }
      return response;
    },
    get: (path) => session.request("GET", path),
    post: (path, body) => session.request("POST", path, body),
    delete: (path) => session.request("DELETE", path),
    login: (username, password) => session.post("/api/auth/login", { username, password }),
  };
  return session;
}
