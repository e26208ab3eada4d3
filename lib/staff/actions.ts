// Wrapper-defined console actions for staff administration. The "use server" file
// (app/(console)/settings/staff/actions.ts) exports thin calls to these; lib/actions/registry-index.ts
// imports this module so the authorization matrix covers them.
import "server-only";
import { consoleAction } from "@/lib/actions";
import { grantAddSchema, grantRemoveSchema, staffAddSchema, staffStatusSchema } from "@/lib/staff/schemas";
import { addGrant, addStaff, removeGrant, setStaffStatus } from "@/lib/staff/service";

export const addStaffMember = consoleAction(
  {
    name: "settings.staff.add",
    permission: "settings.staff.manage",
    input: staffAddSchema,
    target: (i) => ({ type: "staff", name: i.email }),
    auditFields: ["email", "name"],
    example: { email: "new.person@msp.example" },
  },
  async (ctx, input) => {
    const created = await addStaff(ctx.db, input);
    ctx.setTarget({ type: "staff", id: created.id, name: created.email });
    return { id: created.id };
  },
);

export const addStaffGrant = consoleAction(
  {
    name: "settings.staff.grant.add",
    permission: "settings.staff.manage",
    input: grantAddSchema,
    target: (i) => ({ type: "staff", id: i.staffId }),
    auditFields: ["staffId", "role", "tenantId"],
    example: { staffId: "staff-example", role: "helpdesk", tenantId: "all" },
  },
  async (ctx, input) => {
    const grant = await addGrant(ctx.db, input);
    ctx.setTarget({ type: "staff", id: grant.staff.id, name: grant.staff.email });
    return { grantId: grant.grantId };
  },
);

export const removeStaffGrant = consoleAction(
  {
    name: "settings.staff.grant.remove",
    permission: "settings.staff.manage",
    input: grantRemoveSchema,
    target: (i) => ({ type: "grant", id: i.grantId }),
    auditFields: ["grantId"],
    example: { grantId: "grant-example" },
  },
  async (ctx, input) => {
    const removed = await removeGrant(ctx.db, input);
    ctx.setTarget({ type: "staff", id: removed.staff.id, name: removed.staff.email });
    return { grantId: removed.grantId, role: removed.role, tenantSlug: removed.tenant?.slug ?? null };
  },
);

export const setStaffMemberStatus = consoleAction(
  {
    name: "settings.staff.status",
    permission: "settings.staff.manage",
    input: staffStatusSchema,
    target: (i) => ({ type: "staff", id: i.staffId }),
    auditFields: ["staffId", "status"],
    example: { staffId: "staff-example", status: "disabled" },
  },
  async (ctx, input) => {
    const result = await setStaffStatus(ctx.db, ctx.staff.staffId, input);
    ctx.setTarget({ type: "staff", id: result.staff.id, name: result.staff.email });
    return { status: result.status, revokedSessions: result.revokedSessions };
  },
);
