import {
  CreateStoreSchema,
  FieldIssueSchema,
  REPLICAS_MAX,
  StoreTypeSchema,
  storeTypeRefusal,
  type CreateStore,
  type StoreScope,
  type StoreType,
} from "@em/contracts";
import { ApiRequestError } from "../../lib/api-client.js";
import { ttlToMs, type TtlUnit } from "./ttl-units.js";

/** The create form as typed: numbers stay text until they are checked. */
export interface CreateStoreForm {
  name: string;
  type: StoreType;
  ttlValue: string;
  ttlUnit: TtlUnit;
  capacity: string;
  honourCapacity: boolean;
  /** Empty: every member, up to 5 (the API's default). */
  replicas: string;
  /** Empty: start at EID 1. */
  startEid: string;
}

export type CreateStoreField = "name" | "type" | "ttl" | "capacity" | "replicas" | "startEid";
export type FieldErrors = Partial<Record<CreateStoreField, string>>;

/** The form a new channel or queue starts from: persistent, kept forever, unlimited. */
export function initialCreateStoreForm(): CreateStoreForm {
  return {
    name: "",
    type: "persistent",
    ttlValue: "0",
    ttlUnit: "h",
    capacity: "0",
    honourCapacity: false,
    replicas: "",
    startEid: "",
  };
}

/** The types this scope offers, in the order the form lists them. */
export function offeredTypes(scope: StoreScope): StoreType[] {
  return StoreTypeSchema.options.filter((type) => storeTypeRefusal(scope, type) === undefined);
}

/** A field of the request body → the form field that shows its error. */
const FIELD_OF: Readonly<Record<string, CreateStoreField>> = {
  name: "name",
  type: "type",
  ttlMs: "ttl",
  capacity: "capacity",
  honourCapacity: "capacity",
  replicas: "replicas",
  startEid: "startEid",
};

function numberOrNaN(text: string): number {
  return text.trim() === "" ? Number.NaN : Number(text);
}

/** The replica count the API uses when the field is empty: every member, at most 5. */
export function defaultReplicas(members: number): number {
  return Math.max(1, Math.min(members, REPLICAS_MAX));
}

/**
 * Checks the form with the same `CreateStoreSchema` the API parses with, plus what the schema
 * cannot know from a number (empty or non-numeric text) and the scope's refused types.
 */
export function checkCreateStoreForm(
  form: CreateStoreForm,
  scope: StoreScope,
): { request: CreateStore | null; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const ttlValue = numberOrNaN(form.ttlValue);
  const capacity = numberOrNaN(form.capacity);
  if (Number.isNaN(ttlValue)) errors.ttl = "enter a number; 0 keeps events forever";
  if (Number.isNaN(capacity)) errors.capacity = "enter a number of events; 0 is unlimited";
  const body: Record<string, unknown> = {
    name: form.name,
    type: form.type,
    ttlMs: Number.isNaN(ttlValue) ? 0 : ttlToMs(ttlValue, form.ttlUnit),
    capacity: Number.isNaN(capacity) ? 0 : capacity,
    honourCapacity: form.honourCapacity,
  };
  // Realm-local stores always have one replica; the field is not shown for them.
  if (scope === "cluster" && form.replicas.trim() !== "") {
    body["replicas"] = numberOrNaN(form.replicas);
    if (Number.isNaN(body["replicas"])) errors.replicas = "enter a number from 1 to 5";
  }
  if (form.startEid.trim() !== "") {
    body["startEid"] = numberOrNaN(form.startEid);
    if (Number.isNaN(body["startEid"])) errors.startEid = "enter an EID: 1 or more";
  }
  const refusal = storeTypeRefusal(scope, form.type);
  if (refusal) errors.type = refusal;

  const parsed = CreateStoreSchema.safeParse(body);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = FIELD_OF[String(issue.path[0])] ?? "name";
      errors[field] ??= issue.message;
    }
  }
  const ok = parsed.success && Object.keys(errors).length === 0;
  return { request: ok ? parsed.data : null, errors };
}

const IssuesSchema = FieldIssueSchema.array();

/**
 * The server's refusal placed under the fields it concerns: VALIDATION issues by path, a
 * CONFLICT (the name is taken) under the name. Anything else stays a notice for the form.
 */
export function serverFieldErrors(error: unknown): FieldErrors {
  if (!(error instanceof ApiRequestError)) return {};
  if (error.code === "CONFLICT") return { name: error.message };
  if (error.code !== "VALIDATION") return {};
  const parsed = IssuesSchema.safeParse(error.details?.["issues"]);
  if (!parsed.success) return {};
  const errors: FieldErrors = {};
  for (const issue of parsed.data) {
    const field = FIELD_OF[issue.path.split(".")[0] ?? ""];
    if (field) errors[field] ??= issue.message;
  }
  return errors;
}
