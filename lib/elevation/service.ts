// Just-in-time elevation in the console database: requests, decisions, and the lists the pages show.
// Authorization is the wrapper's (lib/elevation/actions.ts); these functions take the already checked
// staff member and org, and refuse what the rules refuse with plain sentences (ActionError).
//
// Every change is a conditional update (`where status = pending`, `where approved and endsAt > now`),
// so two Administrators deciding at once, or an approval racing a cancel, settle on one outcome and
// the other is told what happened.
import "server-only";
import { ActionError } from "@/lib/actions/errors";
import type { Db } from "@/lib/db/client";
import { effectiveAccess } from "@/lib/rbac/grants";
import { ROLE_LABELS, isRole, type Role } from "@/lib/rbac/permissions";
import { staffDisplayEmail } from "@/lib/staff/display";
import { durationLabel, elevationRefusal, elevationState, elevationWindow, type ElevationRequestInput, type ElevationState } from "./rules";

export interface ElevationPerson {
  id: string;
  name: string;
  email: string;
}

/** One request as the pages show it (times as ISO strings: safe to hand to client components). */
export interface ElevationView {
  id: string;
  tenant: { id: string; slug: string; name: string };
  requester: ElevationPerson | null;
  role: string;
  roleLabel: string;
  reason: string;
  ticketId: string | null;
  durationMinutes: number;
  durationLabel: string;
  status: string;
  state: ElevationState;
  createdAt: string;
  decidedBy: ElevationPerson | null;
  decidedAt: string | null;
  decisionNote: string | null;
  startsAt: string | null;
  endsAt: string | null;
  endedAt: string | null;
}

type Row = Awaited<ReturnType<Db["elevationRequest"]["findMany"]>>[number] & { tenant: { id: string; slug: string; name: string } };

const TENANT = { select: { id: true, slug: true, name: true } } as const;

const roleLabel = (role: string) => (isRole(role) ? ROLE_LABELS[role] : role);
const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** The staff rows named by requests (requester, decider): one query. */
async function people(db: Db, rows: Row[]): Promise<Map<string, ElevationPerson>> {
  const ids = [...new Set(rows.flatMap((r) => [r.requesterId, r.decidedById]).filter((id): id is string => Boolean(id)))];
  if (!ids.length) return new Map();
  const staff = await db.staffUser.findMany({ where: { id: { in: ids } }, select: { id: true, name: true, email: true, unverifiedEmail: true } });
  return new Map(staff.map((s) => [s.id, { id: s.id, name: s.name, email: staffDisplayEmail(s) }]));
}

async function views(db: Db, rows: Row[], now: Date): Promise<ElevationView[]> {
  const who = await people(db, rows);
  return rows.map((r) => ({
    id: r.id,
    tenant: r.tenant,
    requester: who.get(r.requesterId) ?? null,
    role: r.role,
    roleLabel: roleLabel(r.role),
    reason: r.reason,
    ticketId: r.ticketId,
    durationMinutes: r.durationMinutes,
    durationLabel: durationLabel(r.durationMinutes),
    status: r.status,
    state: elevationState(r, now),
    createdAt: r.createdAt.toISOString(),
    decidedBy: r.decidedById ? (who.get(r.decidedById) ?? null) : null,
    decidedAt: iso(r.decidedAt),
    decisionNote: r.decisionNote,
    startsAt: iso(r.startsAt),
    endsAt: iso(r.endsAt),
    endedAt: iso(r.endedAt),
  }));
}

/** A staff member's requests in one org: running, waiting, and the latest others. */
export async function myElevations(
  db: Db,
  staffId: string,
  tenantId: string,
  now: Date,
): Promise<{ active: ElevationView[]; pending: ElevationView[]; history: ElevationView[] }> {
  const rows = await db.elevationRequest.findMany({
    where: { requesterId: staffId, tenantId },
    include: { tenant: TENANT },
    orderBy: { createdAt: "desc" },
    take: 30,
  });
  const all = await views(db, rows, now);
  return {
    active: all.filter((v) => v.state === "active"),
    pending: all.filter((v) => v.state === "pending"),
    history: all.filter((v) => v.state !== "active" && v.state !== "pending").slice(0, 10),
  };
}

/** Requests waiting for an Administrator, oldest first (archived orgs' requests are left out). */
export async function pendingElevations(db: Db, now: Date, limit = 100): Promise<ElevationView[]> {
  const rows = await db.elevationRequest.findMany({
    where: { status: "pending", tenant: { archivedAt: null } },
    include: { tenant: TENANT },
    orderBy: { createdAt: "asc" },
    take: limit,
  });
  return views(db, rows, now);
}

/** The latest decisions (approved, denied; an approved one shows whether it still runs). */
export async function recentDecisions(db: Db, now: Date, limit = 20): Promise<ElevationView[]> {
  const rows = await db.elevationRequest.findMany({
    where: { status: { in: ["approved", "denied", "ended"] } },
    include: { tenant: TENANT },
    orderBy: { decidedAt: "desc" },
    take: limit,
  });
  return views(db, rows, now);
}

/** The navigation badge: how many requests wait for a decision. */
export async function pendingElevationCount(db: Db): Promise<number> {
  return db.elevationRequest.count({ where: { status: "pending", tenant: { archivedAt: null } } });
}

// ---------------------------------------------------------------------------------------------------
// Changes

export interface RequestArgs {
  staffId: string;
  tenant: { id: string; name: string };
  /** The roles the requester holds in this org now (grants, teams and running elevations). */
  held: ReadonlySet<Role>;
  input: ElevationRequestInput;
  ticketId: string | null;
  now: Date;
}

export async function requestElevation(db: Db, args: RequestArgs): Promise<{ id: string }> {
  const { input, tenant } = args;
  const refusal = elevationRefusal(input.role, args.held, tenant.name);
  if (refusal) throw new ActionError(refusal, "invalid", { role: [refusal] }, "role_held");
  const waiting = await db.elevationRequest.findFirst({
    where: { requesterId: args.staffId, tenantId: tenant.id, role: input.role, status: "pending" },
    select: { id: true },
  });
  if (waiting) {
    const sentence = `You already asked for ${ROLE_LABELS[input.role]} in ${tenant.name}: an Administrator has not decided yet (you may cancel it below).`;
    throw new ActionError(sentence, "invalid", { role: [sentence] }, "already_pending");
  }
  const row = await db.elevationRequest.create({
    data: {
      tenantId: tenant.id,
      requesterId: args.staffId,
      role: input.role,
      reason: input.reason,
      ticketId: args.ticketId,
      durationMinutes: input.durationMinutes,
      status: "pending",
      createdAt: args.now,
    },
    select: { id: true },
  });
  return row;
}

/** Why an own request cannot be cancelled / ended, from what it is now. */
function notChangeable(state: ElevationState, endsAt: Date | null): string {
  switch (state) {
    case "pending":
      return "This request is still waiting for approval: cancel it instead.";
    case "active":
      return "This elevation is running: end it instead.";
    case "expired":
      return `This elevation already ended by itself${endsAt ? ` at ${endsAt.toISOString().slice(11, 16)} UTC` : ""}.`;
    case "denied":
      return "This request was denied.";
    case "cancelled":
      return "This request was already cancelled.";
    case "ended":
      return "This elevation was already ended.";
  }
}

async function ownRequest(db: Db, staffId: string, tenantId: string, id: string) {
  const row = await db.elevationRequest.findUnique({ where: { id } });
  // Someone else's request, or another org's, answers like a missing one.
  if (!row || row.requesterId !== staffId || row.tenantId !== tenantId) {
    throw new ActionError("There is no such request of yours in this org.", "not_found");
  }
  return row;
}

export async function cancelOwnRequest(db: Db, args: { staffId: string; tenantId: string; id: string; now: Date }): Promise<{ role: string }> {
  const row = await ownRequest(db, args.staffId, args.tenantId, args.id);
  const changed = await db.elevationRequest.updateMany({
    where: { id: row.id, status: "pending" },
    data: { status: "cancelled", endedAt: args.now },
  });
  if (changed.count === 0) {
    const now = await db.elevationRequest.findUniqueOrThrow({ where: { id: row.id } });
    throw new ActionError(notChangeable(elevationState(now, args.now), now.endsAt), "invalid", undefined, "not_pending");
  }
  return { role: row.role };
}

export async function endOwnElevation(db: Db, args: { staffId: string; tenantId: string; id: string; now: Date }): Promise<{ role: string }> {
  const row = await ownRequest(db, args.staffId, args.tenantId, args.id);
  const changed = await db.elevationRequest.updateMany({
    where: { id: row.id, status: "approved", endsAt: { gt: args.now } },
    data: { status: "ended", endedAt: args.now },
  });
  if (changed.count === 0) {
    const now = await db.elevationRequest.findUniqueOrThrow({ where: { id: row.id } });
    throw new ActionError(notChangeable(elevationState(now, args.now), now.endsAt), "invalid", undefined, "not_active");
  }
  return { role: row.role };
}

export interface DecisionArgs {
  deciderId: string;
  id: string;
  note?: string;
  now: Date;
}

/** The request for a decision, with sentences for everything that stops one. */
async function forDecision(db: Db, args: DecisionArgs, verb: "approve" | "deny") {
  const row = await db.elevationRequest.findUnique({ where: { id: args.id }, include: { tenant: { select: { id: true, name: true, archivedAt: true } } } });
  if (!row) throw new ActionError("There is no such request.", "not_found");
  const requester = await db.staffUser.findUnique({ where: { id: row.requesterId }, select: { name: true, email: true, unverifiedEmail: true, status: true } });
  const who = requester ? staffDisplayEmail(requester) || requester.name : "a former staff member";
  const target = { type: "elevation", id: row.id, name: `${roleLabel(row.role)} in ${row.tenant.name} for ${who}, ${durationLabel(row.durationMinutes)}` };
  if (row.requesterId === args.deciderId) {
    const sentence =
      verb === "approve"
        ? "You cannot approve your own request: another Administrator must decide on it."
        : "You cannot decide on your own request: cancel it on the org's Request access page instead.";
    return { row, target, refusal: new ActionError(sentence, "forbidden", undefined, "self_approval") };
  }
  if (row.status !== "pending") {
    const state = elevationState(row, args.now);
    const what =
      state === "active" || state === "expired" || state === "ended"
        ? "it was already approved"
        : state === "denied"
          ? "it was already denied"
          : "the requester cancelled it";
    return { row, target, refusal: new ActionError(`This request is no longer waiting for a decision: ${what}.`, "invalid", undefined, "not_pending") };
  }
  if (verb === "approve" && row.tenant.archivedAt) {
    return { row, target, refusal: new ActionError(`${row.tenant.name} is archived: nobody works in it, so there is nothing to approve.`, "invalid", undefined, "archived_org") };
  }
  if (verb === "approve" && requester?.status !== "active") {
    return { row, target, refusal: new ActionError(`${who} is disabled in the console: the role would not apply.`, "invalid", undefined, "requester_disabled") };
  }
  // An elevation adds to the roles someone holds in an org: one whose grants there were removed after
  // asking (moved off that customer) gets nothing from a stale request.
  if (verb === "approve" && (await effectiveAccess(db, row.requesterId)).rolesFor(row.tenantId).size === 0) {
    return { row, target, refusal: new ActionError(`${who} no longer works in ${row.tenant.name}: an elevation there would grant access they no longer have. Nothing was approved.`, "invalid", undefined, "requester_not_in_org") };
  }
  return { row, target, refusal: null };
}

export async function approveElevation(
  db: Db,
  args: DecisionArgs,
  onTarget: (t: { type: string; id: string; name: string }) => void,
): Promise<{ endsAt: string }> {
  const { row, target, refusal } = await forDecision(db, args, "approve");
  onTarget(target);
  if (refusal) throw refusal;
  const window = elevationWindow(args.now, row.durationMinutes);
  const changed = await db.elevationRequest.updateMany({
    where: { id: row.id, status: "pending" },
    data: { status: "approved", decidedById: args.deciderId, decidedAt: args.now, decisionNote: args.note ?? null, ...window },
  });
  if (changed.count === 0) throw new ActionError("This request is no longer waiting for a decision: someone decided or cancelled it a moment ago.", "invalid", undefined, "not_pending");
  return { endsAt: window.endsAt.toISOString() };
}

export async function denyElevation(db: Db, args: DecisionArgs, onTarget: (t: { type: string; id: string; name: string }) => void): Promise<{ id: string }> {
  const { row, target, refusal } = await forDecision(db, args, "deny");
  onTarget(target);
  if (refusal) throw refusal;
  const changed = await db.elevationRequest.updateMany({
    where: { id: row.id, status: "pending" },
    data: { status: "denied", decidedById: args.deciderId, decidedAt: args.now, decisionNote: args.note ?? null },
  });
  if (changed.count === 0) throw new ActionError("This request is no longer waiting for a decision: someone decided or cancelled it a moment ago.", "invalid", undefined, "not_pending");
  return { id: row.id };
}

