import {
  AppCredentialChangeSchema,
  AppCredentialListSchema,
  AppCredentialParamsSchema,
  AppCredentialSecretSchema,
  CreateAppCredentialSchema,
  UpdateAppCredentialSchema,
} from "./app-credential.js";
import type { RouteDef } from "./routes.js";

/**
 * Application credentials, for admins: the users applications connect to realms with and what
 * each may publish, subscribe, push and consume. A password is answered once (create, rotate);
 * the admin API keeps only its bcrypt hash, and never answers that either.
 */
export const APP_CREDENTIAL_ROUTES = {
  listAppCredentials: {
    method: "get",
    path: "/api/app-credentials",
    access: "admin",
    summary:
      "Application credentials with their permissions, and hosts that have not taken them yet",
    tag: "app-credentials",
    response: AppCredentialListSchema,
    successStatus: 200,
  },
  createAppCredential: {
    method: "post",
    path: "/api/app-credentials",
    access: "admin",
    summary:
      "Create an application credential on every realm; answers its password once (409 if the name is taken)",
    tag: "app-credentials",
    body: CreateAppCredentialSchema,
    response: AppCredentialSecretSchema,
    successStatus: 201,
  },
  updateAppCredential: {
    method: "patch",
    path: "/api/app-credentials/:name",
    access: "admin",
    summary: "Change what an application credential may publish, subscribe, push and consume",
    tag: "app-credentials",
    params: AppCredentialParamsSchema,
    body: UpdateAppCredentialSchema,
    response: AppCredentialChangeSchema,
    successStatus: 200,
  },
  rotateAppCredential: {
    method: "post",
    path: "/api/app-credentials/:name/rotate",
    access: "admin",
    summary:
      "Give an application credential a new password (answered once); the old one stops working",
    tag: "app-credentials",
    params: AppCredentialParamsSchema,
    response: AppCredentialSecretSchema,
    successStatus: 200,
  },
  deleteAppCredential: {
    method: "delete",
    path: "/api/app-credentials/:name",
    access: "admin",
    summary: "Delete an application credential from every realm",
    tag: "app-credentials",
    params: AppCredentialParamsSchema,
    successStatus: 204,
  },
} as const satisfies Record<string, RouteDef>;
