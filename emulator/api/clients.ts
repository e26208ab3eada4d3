/** Role assignments of OAuth client apps: GET /oauth2/v1/clients/{clientId}/roles (Okta's RoleAssignmentClient). */
import { errors, type ApiContext, type ApiResult } from "../http.ts";
import type { Router } from "../router.ts";
import { serializeRole } from "../serialize.ts";

function listClientRoles(ctx: ApiContext): ApiResult {
  const clientId = ctx.params.clientId!;
  const client = ctx.org.oidcClients.find((c) => c.clientId === clientId);
  // Okta's 404 for an unknown client; the resource type name is our guess.
  if (!client) throw errors.notFound(clientId, "Client");
  const roles = ctx.org.clientRoles?.get(clientId) ?? [];
  return { status: 200, body: roles.map((r) => serializeRole(r, ctx.orgUrl)) };
}

export function registerClientRoutes(router: Router): void {
  router.add("GET", "/oauth2/v1/clients/:clientId/roles", listClientRoles);
}
