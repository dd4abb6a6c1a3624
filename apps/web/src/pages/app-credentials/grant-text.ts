import type { AppPermissions } from "@em/contracts";

/** The four rights of a credential, in the order the console shows them. */
export const GRANT_FIELDS = [
  {
    key: "publishChannels",
    label: "Publish to channels",
    help: "Channel names, comma-separated (/sales, /eu/orders), or * for every channel",
  },
  {
    key: "subscribeChannels",
    label: "Subscribe to channels",
    help: "Plain and durable subscriptions; * for every channel",
  },
  { key: "pushQueues", label: "Push to queues", help: "Queue names, or * for every queue" },
  {
    key: "consumeQueues",
    label: "Consume from queues",
    help: "Pop and consume; * for every queue",
  },
] as const satisfies readonly { key: keyof AppPermissions; label: string; help: string }[];

export type GrantTexts = Record<keyof AppPermissions, string>;

export const EMPTY_GRANTS: GrantTexts = {
  publishChannels: "",
  subscribeChannels: "",
  pushQueues: "",
  consumeQueues: "",
};

/** `"/sales, /orders"` → `["/sales", "/orders"]`: commas or whitespace separate names. */
export function grantList(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((name) => name.trim())
    .filter((name) => name !== "");
}

/** The inverse of {@link grantList} for one credential's rights, to edit them. */
export function grantTexts(permissions: AppPermissions): GrantTexts {
  return {
    publishChannels: permissions.publishChannels.join(", "),
    subscribeChannels: permissions.subscribeChannels.join(", "),
    pushQueues: permissions.pushQueues.join(", "),
    consumeQueues: permissions.consumeQueues.join(", "),
  };
}

/** The texts as the API's permissions body, still to be parsed by its schema. */
export function permissionsInput(texts: GrantTexts): Record<keyof AppPermissions, string[]> {
  return {
    publishChannels: grantList(texts.publishChannels),
    subscribeChannels: grantList(texts.subscribeChannels),
    pushQueues: grantList(texts.pushQueues),
    consumeQueues: grantList(texts.consumeQueues),
  };
}

/** `"/sales, /orders"`, `"every one"`, or `"none"`: one right in a table cell. */
export function describeGrant(names: readonly string[]): string {
  if (names.length === 0) return "none";
  if (names.length === 1 && names[0] === "*") return "every one";
  return names.join(", ");
}
