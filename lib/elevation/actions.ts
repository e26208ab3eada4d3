// Wrapper-defined actions of just-in-time elevation (issue 12). The "use server" files
// (app/(console)/t/[tenant]/access/actions.ts, app/(console)/settings/approvals/actions.ts) export thin
// calls to these; lib/actions/registry-index.ts imports this module for the authorization matrix.
//
// - request / cancel / end: in the org from the URL, permission elevation.request (anyone who works
//   there), the staff member's own requests only; the org's ticket rule applies as to any change.
// - approve / deny: console permission elevation.approve (Administrators), never on one's own request
//   (refused and audited as denied).
// None calls Okta. Every one is audited (attempt + outcome) with its ticket.
import "server-only";
import { consoleAction, tenantAction } from "@/lib/actions";
import { ROLE_LABELS } from "@/lib/rbac/permissions";
import { elevationNow } from "./clock";
import { durationLabel, elevationDecisionSchema, elevationIdSchema, elevationRequestSchema } from "./rules";
import { approveElevation, cancelOwnRequest, denyElevation, endOwnElevation, requestElevation } from "./service";

export const requestElevationDef = tenantAction(
  {
    name: "elevation.request",
    permission: "elevation.request",
    input: elevationRequestSchema,
    okta: false,
    target: (i) => ({ type: "elevation", name: `${ROLE_LABELS[i.role]} for ${durationLabel(i.durationMinutes)}` }),
    auditFields: ["role", "durationMinutes", "reason"],
    example: { role: "technician", durationMinutes: 60, reason: "Matrix example" },
  },
  async (ctx, input) => {
    const row = await requestElevation(ctx.db, {
      staffId: ctx.staff.staffId,
      tenant: ctx.tenant,
      held: ctx.roles,
      input,
      ticketId: ctx.ticketId,
      now: elevationNow(),
    });
    ctx.setTarget({ type: "elevation", id: row.id, name: `${ROLE_LABELS[input.role]} for ${durationLabel(input.durationMinutes)}` });
    return row;
  },
);

/** The requester's own changes to one of their requests (cancel a waiting one, end a running one). */
function ownRequestAction(name: "elevation.cancel" | "elevation.end", change: typeof cancelOwnRequest | typeof endOwnElevation) {
  return tenantAction(
    {
      name,
      permission: "elevation.request",
      input: elevationIdSchema,
      okta: false,
      target: (i) => ({ type: "elevation", id: i.id }),
      auditFields: ["id"],
      example: { id: "elevation-example" },
    },
    async (ctx, input) => {
      const r = await change(ctx.db, { staffId: ctx.staff.staffId, tenantId: ctx.tenant.id, id: input.id, now: elevationNow() });
      ctx.setTarget({ type: "elevation", id: input.id, name: ROLE_LABELS[r.role as keyof typeof ROLE_LABELS] ?? r.role });
      return r;
    },
  );
}

export const cancelElevationDef = ownRequestAction("elevation.cancel", cancelOwnRequest);

export const endElevationDef = ownRequestAction("elevation.end", endOwnElevation);

export const approveElevationDef = consoleAction(
  {
    name: "elevation.approve",
    permission: "elevation.approve",
    input: elevationDecisionSchema,
    target: (i) => ({ type: "elevation", id: i.id }),
    auditFields: ["id", "note"],
    example: { id: "elevation-example" },
  },
  async (ctx, input) => approveElevation(ctx.db, { deciderId: ctx.staff.staffId, id: input.id, note: input.note, now: elevationNow() }, ctx.setTarget),
);

export const denyElevationDef = consoleAction(
  {
    name: "elevation.deny",
    permission: "elevation.approve",
    input: elevationDecisionSchema,
    target: (i) => ({ type: "elevation", id: i.id }),
    auditFields: ["id", "note"],
    example: { id: "elevation-example" },
  },
  async (ctx, input) => denyElevation(ctx.db, { deciderId: ctx.staff.staffId, id: input.id, note: input.note, now: elevationNow() }, ctx.setTarget),
);
