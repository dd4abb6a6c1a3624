import { describe, expect, it } from "vitest";
import { ApiRequestError } from "../../lib/api-client.js";
import {
  checkCreateStoreForm,
  defaultReplicas,
  initialCreateStoreForm,
  offeredTypes,
  serverFieldErrors,
  type CreateStoreForm,
} from "./create-store-form.js";

const form = (patch: Partial<CreateStoreForm>): CreateStoreForm => ({
  ...initialCreateStoreForm(),
  name: "/sales",
  ...patch,
});

describe("create store form", () => {
  it("builds the request of the acceptance: persistent, TTL 1 h, capacity 10000", () => {
    const { request, errors } = checkCreateStoreForm(
      form({ ttlValue: "1", ttlUnit: "h", capacity: "10000" }),
      "cluster",
    );
    expect(errors).toEqual({});
    expect(request).toEqual({
      name: "/sales",
      type: "persistent",
      ttlMs: 3_600_000,
      capacity: 10_000,
      honourCapacity: false,
    });
  });

  it("puts the shared schema's messages under each field", () => {
    const { request, errors } = checkCreateStoreForm(
      form({ name: "/eu//sales", ttlValue: "-1", capacity: "2147483647", replicas: "6" }),
      "cluster",
    );
    expect(request).toBeNull();
    expect(errors.name).toMatch(/empty folder/);
    expect(errors.ttl).toMatch(/0 \(keep forever\) or more/);
    expect(errors.capacity).toMatch(/at most 2147483646/);
    expect(errors.replicas).toMatch(/at most 5/);
  });

  it("says what to type when a number field is empty or not a number", () => {
    const { errors } = checkCreateStoreForm(
      form({ ttlValue: "", capacity: "lots", startEid: "x" }),
      "local",
    );
    expect(errors.ttl).toMatch(/enter a number/);
    expect(errors.capacity).toMatch(/enter a number/);
    expect(errors.startEid).toMatch(/EID/);
  });

  it("refuses simple on a cluster and offers it on a realm, never transient", () => {
    expect(offeredTypes("cluster")).toEqual(["persistent", "reliable", "mixed"]);
    expect(offeredTypes("local")).toEqual(["persistent", "reliable", "mixed", "simple"]);
    expect(checkCreateStoreForm(form({ type: "simple" }), "cluster").errors.type).toMatch(
      /cannot be clustered/,
    );
    expect(checkCreateStoreForm(form({ type: "simple" }), "local").errors).toEqual({});
  });

  it("sends replicas only for cluster stores, and defaults to every member up to 5", () => {
    expect(checkCreateStoreForm(form({ replicas: "3" }), "cluster").request?.replicas).toBe(3);
    expect(
      checkCreateStoreForm(form({ replicas: "3" }), "local").request?.replicas,
    ).toBeUndefined();
    expect(defaultReplicas(3)).toBe(3);
    expect(defaultReplicas(7)).toBe(5);
  });

  it("places a server refusal under its field by code", () => {
    const conflict = new ApiRequestError("CONFLICT", "channel /sales exists already", 409);
    expect(serverFieldErrors(conflict)).toEqual({ name: "channel /sales exists already" });
    const validation = new ApiRequestError("VALIDATION", "Invalid body", 400, {
      details: { issues: [{ path: "ttlMs", message: "ttlMs is at most 100 years" }] },
    });
    expect(serverFieldErrors(validation)).toEqual({ ttl: "ttlMs is at most 100 years" });
    expect(serverFieldErrors(new ApiRequestError("NO_QUORUM", "no quorum", 503))).toEqual({});
  });
});
