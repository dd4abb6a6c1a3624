import type { APP_CREDENTIAL_ROUTES } from "@em/contracts";
import type { RouteHandler } from "../http/mount-route.js";
import type { AppCredentialService } from "./app-credential-service.js";

type Route = keyof typeof APP_CREDENTIAL_ROUTES;
export type AppCredentialHandlers = {
  [K in Route]: RouteHandler<(typeof APP_CREDENTIAL_ROUTES)[K]>;
};

export function createAppCredentialHandlers(
  credentials: AppCredentialService,
): AppCredentialHandlers {
  return {
    listAppCredentials: () => credentials.list(),
    createAppCredential: ({ body }) => credentials.create(body),
    updateAppCredential: ({ params, body }) => credentials.update(params.name, body),
    rotateAppCredential: ({ params }) => credentials.rotate(params.name),
    deleteAppCredential: ({ params }) => credentials.delete(params.name),
  };
}
