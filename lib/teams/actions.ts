// Wrapper-defined console actions for teams. The "use server" file (app/(console)/settings/teams/actions.ts)
// exports thin calls to these; lib/actions/registry-index.ts imports this module.
import "server-only";
import { consoleAction } from "@/lib/actions";
import { teamCreateSchema, teamDeleteSchema, teamMemberSchema, teamUpdateSchema } from "@/lib/teams/schemas";
import { addTeamMember, createTeam, deleteTeam, removeTeamMember, updateTeam } from "@/lib/teams/service";

export const createTeamDef = consoleAction(
  {
    name: "settings.team.create",
    permission: "settings.staff.manage",
    input: teamCreateSchema,
    target: (i) => ({ type: "team", name: i.name }),
    auditFields: ["name", "description", "role", "scopeType", "tenantIds", "scopeTag", "oidcGroup"],
    example: { name: "Example team", role: "helpdesk", scopeType: "all" },
  },
  async (ctx, input) => {
    const team = await createTeam(ctx.db, input);
    ctx.setTarget({ type: "team", id: team.id, name: team.name });
    return { id: team.id };
  },
);

export const updateTeamDef = consoleAction(
  {
    name: "settings.team.update",
    permission: "settings.staff.manage",
    input: teamUpdateSchema,
    target: (i) => ({ type: "team", id: i.id, name: i.name }),
    auditFields: ["id", "name", "description", "role", "scopeType", "tenantIds", "scopeTag", "oidcGroup"],
    example: { id: "team-example", name: "Example team", role: "helpdesk", scopeType: "all" },
  },
  async (ctx, input) => {
    const team = await updateTeam(ctx.db, input);
    return { id: team.id };
  },
);

export const deleteTeamDef = consoleAction(
  {
    name: "settings.team.delete",
    permission: "settings.staff.manage",
    input: teamDeleteSchema,
    target: (i) => ({ type: "team", id: i.id }),
    auditFields: ["id"],
    example: { id: "team-example" },
  },
  async (ctx, input) => {
    const team = await deleteTeam(ctx.db, input);
    ctx.setTarget({ type: "team", id: team.id, name: team.name });
    return { id: team.id };
  },
);

export const addTeamMemberDef = consoleAction(
  {
    name: "settings.team.member.add",
    permission: "settings.staff.manage",
    input: teamMemberSchema,
    target: (i) => ({ type: "team", id: i.teamId }),
    auditFields: ["teamId", "staffId"],
    example: { teamId: "team-example", staffId: "staff-example" },
  },
  async (ctx, input) => {
    const r = await addTeamMember(ctx.db, input);
    ctx.setTarget({ type: "team", id: r.team.id, name: `${r.team.name} + ${r.staff.email}` });
    return { teamId: r.team.id, staffId: r.staff.id };
  },
);

export const removeTeamMemberDef = consoleAction(
  {
    name: "settings.team.member.remove",
    permission: "settings.staff.manage",
    input: teamMemberSchema,
    target: (i) => ({ type: "team", id: i.teamId }),
    auditFields: ["teamId", "staffId"],
    example: { teamId: "team-example", staffId: "staff-example" },
  },
  async (ctx, input) => {
    const r = await removeTeamMember(ctx.db, input);
    ctx.setTarget({ type: "team", id: r.team.id, name: `${r.team.name} − ${r.staff.email}` });
    return { teamId: r.team.id, staffId: r.staff.id };
  },
);
