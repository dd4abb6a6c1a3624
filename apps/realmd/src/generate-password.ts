import { randomBytes } from "node:crypto";

/** A realm user's password: base64url, 32 characters that need no quoting in a nats-server config. */
export function generatePassword(): string {
  return randomBytes(24).toString("base64url");
}
