import "server-only";
import { z } from "zod";
import { HTTP_STATUS, tenantRoute, type ActionResult } from "@/lib/actions";
import { adminConsoleAppTarget, adminConsoleGroupTarget, adminConsoleTarget } from "@/lib/okta/deep-link";
import { oktaGroupIdSchema, oktaUserIdSchema } from "./schemas";

/**
 * GET /api/t/[tenant]/deep-link[?userId=00u...|?groupId=00g...][&ticketId=...]: "Open in Okta Admin Console".
 *
 * Not readOnly on purpose: every deep link is recorded (attempt + outcome rows, with the ticket ID),
 * because what the staff member does next in Okta's own console is outside the console's audit. In an
 * org that requires a ticket ID the link carries one (the button asks for it first). No Okta call is
 * made: the Admin Console itself decides what the person may see there. On success the browser is sent
 * on with 303 See Other; a refusal is a short plain-text page with the wrapper's sentence.
 */
export const deepLinkRoute = tenantRoute(
  {
    name: "okta.deep_link",
    permission: "okta.deepLink",
    input: z.object({
      userId: oktaUserIdSchema.optional(),
      groupId: oktaGroupIdSchema.optional(),
      // An app: its id and Okta's app name (the Admin Console's app pages are keyed by both).
      appId: z.string().trim().regex(/^0oa[A-Za-z0-9]{10,37}$/, "That is not an Okta app id.").optional(),
      appName: z.string().trim().regex(/^[A-Za-z0-9_]{1,100}$/, "That is not an Okta app name.").optional(),
    }),
    okta: false,
    auditFields: ["userId", "groupId", "appId", "appName"],
    target: (i) => (i.userId ? { type: "user", id: i.userId } : i.groupId ? { type: "group", id: i.groupId } : i.appId ? { type: "app", id: i.appId } : { type: "okta_admin_console" }),
    example: { userId: "00u1abcdefghijklmnop" },
  },
  async (ctx, input) => ({
    url:
      input.appId && input.appName && !input.userId && !input.groupId
        ? adminConsoleAppTarget(ctx.tenant.orgUrl, { id: input.appId, name: input.appName })
        : input.groupId && !input.userId
          ? adminConsoleGroupTarget(ctx.tenant.orgUrl, input.groupId)
          : adminConsoleTarget(ctx.tenant.orgUrl, input.userId),
  }),
  { respond: deepLinkResponse },
);

function deepLinkResponse(result: ActionResult<{ url: string }>): Response {
  if (result.ok) {
    return new Response(null, { status: 303, headers: { Location: result.data.url, "Cache-Control": "no-store", "Referrer-Policy": "no-referrer" } });
  }
  const headers: Record<string, string> = { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" };
  if (result.retryAfterSeconds !== undefined) headers["Retry-After"] = String(result.retryAfterSeconds);
  const details = Object.values(result.fieldErrors ?? {})
    .flat()
    .filter((m): m is string => typeof m === "string");
  const body = [`The deep link was not opened: ${result.error}`, ...details].join("\n");
  return new Response(`${body}\n`, { status: HTTP_STATUS[result.code], headers });
}

/**
 * The GET handler. A deep link writes audit rows, so a page on another site must not be able to make a
 * signed-in technician's browser follow one (SameSite=Lax cookies ride along on top-level navigations):
 * requests the browser marks as coming from another site are refused before the pipeline runs.
 */
export async function deepLinkGet(req: Request, context: { params: Promise<Record<string, string | string[] | undefined>> }): Promise<Response> {
  const site = req.headers.get("sec-fetch-site");
  if (site === "cross-site" || site === "same-site") {
    return new Response("The deep link was not opened: it did not come from the console's own pages.\n", {
      status: 403,
      headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
    });
  }
  return deepLinkRoute(req, context);
}
