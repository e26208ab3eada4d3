"use client";

import { useRouter } from "next/navigation";
import { useState, type ReactNode } from "react";
import {
  activateUser,
  clearSessions,
  deactivateUser,
  deleteUser,
  expirePassword,
  reactivateUser,
  resetAllFactors,
  resetFactor,
  resetPassword,
  setTempPassword,
  suspendUser,
  unlockUser,
  unsuspendUser,
} from "@/app/(console)/t/[tenant]/users/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { ConfirmDialog, type ActionResultLike } from "@/components/ui/confirm-dialog";
import { CheckboxField, TextField } from "@/components/ui/field";
import { notify } from "@/components/ui/toaster";
import type { PlannedOperation } from "@/lib/users/detail-plan";
import { isUserStatus, STATUS_INFO, type UserOperation } from "@/lib/users/lifecycle";
import { dialogGate } from "@/lib/verification/rule";
import { OneTimeSecretDialog, type OneTimeSecret } from "./detail-secret-dialog";
import { verifiedSentence, type CallerCheckState } from "./verify-caller";

export interface DetailTarget {
  slug: string;
  userId: string;
  login: string;
  displayName: string;
  /** The org requires a ticket ID for every change. */
  ticketRequired: boolean;
  /** The org's caller-verification rule and this staff member's fresh verification of the user (issue 12). */
  caller?: CallerCheckState | null;
}

/** The operations the org's caller-verification rule applies to (lib/users/actions.ts enforces it). */
const CALLER_CHECKED: ReadonlySet<UserOperation> = new Set(["unlock", "reset_password", "temp_password", "reset_factors", "reset_factor"]);

export interface FactorChoice {
  id: string;
  name: string;
}

/** What the operations answer (one-time secrets only when the technician asked for one). */
interface OpData {
  status?: string | null;
  tempPassword?: string;
  resetUrl?: string;
  activationUrl?: string;
  deleted?: true;
}
type Result = ActionResultLike<OpData>;

interface Options {
  sendEmail: boolean;
  revokeSessions: boolean;
  revokeOAuthTokens: boolean;
  /** "all" or a factor id (Reset MFA). */
  factor: string;
  /** Delete: the login typed to confirm. */
  confirmLogin: string;
  /** Service-account override: the login typed again. */
  overrideLogin: string;
  /** "Recommended" caller verification, not done: why not. */
  skipReason: string;
}

const DEFAULTS: Options = { sendEmail: true, revokeSessions: false, revokeOAuthTokens: false, factor: "all", confirmLogin: "", overrideLogin: "", skipReason: "" };

const statusSentence = (status: unknown) =>
  typeof status === "string" ? ` Okta now reports: ${isUserStatus(status) ? STATUS_INFO[status].label : status}.` : "";

const DONE: Record<UserOperation, string> = {
  edit_profile: "Profile saved.",
  activate: "Activated.",
  reactivate: "Activation sent again.",
  unlock: "Unlocked.",
  reset_password: "Password reset started.",
  temp_password: "Temporary password set.",
  expire_password: "Password expired.",
  reset_factors: "MFA factors reset.",
  reset_factor: "Factor reset.",
  clear_sessions: "Sessions cleared.",
  suspend: "Suspended.",
  unsuspend: "Unsuspended.",
  deactivate: "Deactivated.",
  delete: "Deleted.",
};

/** Calls the agreed server action for `op` with the dialog's choices. */
function run(op: UserOperation, t: DetailTarget, o: Options, ticketId: string | undefined, factorId: string | null): Promise<Result> {
  const override = o.overrideLogin.trim() ? { confirmLogin: o.overrideLogin.trim() } : undefined;
  const base = { userId: t.userId, ticketId, ...(override ? { override } : {}) };
  // The server decides from its own rows; the dialog only adds the reason when the org recommends verifying.
  const callerCheck = CALLER_CHECKED.has(op) && o.skipReason.trim() ? { callerCheck: { skipReason: o.skipReason.trim() } } : {};
  switch (op) {
    case "activate":
      return activateUser(t.slug, { ...base, sendEmail: o.sendEmail });
    case "reactivate":
      return reactivateUser(t.slug, base);
    case "unlock":
      return unlockUser(t.slug, { ...base, ...callerCheck });
    case "reset_password":
      return resetPassword(t.slug, { ...base, ...callerCheck, sendEmail: o.sendEmail, revokeSessions: o.revokeSessions });
    case "temp_password":
      return setTempPassword(t.slug, { ...base, ...callerCheck, revokeSessions: o.revokeSessions });
    case "expire_password":
      return expirePassword(t.slug, base);
    case "reset_factors":
      return o.factor === "all" ? resetAllFactors(t.slug, { ...base, ...callerCheck }) : resetFactor(t.slug, { ...base, ...callerCheck, factorId: o.factor });
    case "reset_factor":
      return resetFactor(t.slug, { ...base, ...callerCheck, factorId: factorId ?? "" });
    case "clear_sessions":
      return clearSessions(t.slug, { ...base, revokeOAuthTokens: o.revokeOAuthTokens });
    case "suspend":
      return suspendUser(t.slug, base);
    case "unsuspend":
      return unsuspendUser(t.slug, base);
    case "deactivate":
      return deactivateUser(t.slug, base);
    case "delete":
      return deleteUser(t.slug, { ...base, confirmLogin: o.confirmLogin.trim() });
    case "edit_profile":
      return Promise.resolve({ ok: false, error: "Edit the profile on its own page." });
  }
}

/** The one-time secret in a result, if the technician asked for one. Never stored anywhere else. */
function secretOf(op: UserOperation, data: OpData, t: DetailTarget): OneTimeSecret | null {
  const who = t.displayName;
  if (typeof data.tempPassword === "string" && data.tempPassword) {
    return { kind: "Temporary password", value: data.tempPassword, who, instructions: `Give it to ${who} on a channel you trust. They must choose a new password when they sign in with it.` };
  }
  if (typeof data.resetUrl === "string" && data.resetUrl) {
    return { kind: "Password reset link", value: data.resetUrl, who, instructions: `Give the link to ${who} only. It works once and expires; they choose a new password there.` };
  }
  if (typeof data.activationUrl === "string" && data.activationUrl) {
    return { kind: "Activation link", value: data.activationUrl, who, instructions: `Give the link to ${who} only. It works once and expires; they set their password there.` };
  }
  void op;
  return null;
}

function Choice({ name, value, checked, onChange, label, hint }: { name: string; value: string; checked: boolean; onChange: () => void; label: string; hint?: string }) {
  const id = `${name}-${value}`;
  return (
    <div className="flex items-start gap-3">
      <input id={id} type="radio" name={name} value={value} checked={checked} onChange={onChange} className="mt-0.5 h-4 w-4 border-slate-300 text-indigo-600 focus:ring-indigo-600" />
      <div>
        <label htmlFor={id} className="text-sm font-medium text-slate-800">
          {label}
        </label>
        {hint ? <p className="text-xs text-slate-500">{hint}</p> : null}
      </div>
    </div>
  );
}

function OpOptions({ op, o, set, factors, t, fieldErrors }: { op: UserOperation; o: Options; set: (p: Partial<Options>) => void; factors: FactorChoice[] | null; t: DetailTarget; fieldErrors: Record<string, string[] | undefined> }): ReactNode {
  switch (op) {
    case "activate":
      return (
        <fieldset className="space-y-2">
          <legend className="mb-1 text-sm font-medium text-slate-800">How they get the activation link</legend>
          <Choice name="activation" value="email" checked={o.sendEmail} onChange={() => set({ sendEmail: true })} label="Send the activation email" hint="Okta emails the link to their primary email." />
          <Choice name="activation" value="link" checked={!o.sendEmail} onChange={() => set({ sendEmail: false })} label="Give me the activation link" hint="Shown to you once, to hand over yourself." />
        </fieldset>
      );
    case "reset_password":
      return (
        <div className="space-y-3">
          <fieldset className="space-y-2">
            <legend className="mb-1 text-sm font-medium text-slate-800">How they get the reset link</legend>
            <Choice name="reset" value="email" checked={o.sendEmail} onChange={() => set({ sendEmail: true })} label="Email a reset link to the user" hint="Okta sends it to their primary email." />
            <Choice name="reset" value="link" checked={!o.sendEmail} onChange={() => set({ sendEmail: false })} label="Give me a one-time reset link" hint="Shown to you once, to hand over yourself." />
          </fieldset>
          <CheckboxField label="Also end their current sessions" checked={o.revokeSessions} onChange={(e) => set({ revokeSessions: e.target.checked })} />
        </div>
      );
    case "temp_password":
      return <CheckboxField label="Also end their current sessions" checked={o.revokeSessions} onChange={(e) => set({ revokeSessions: e.target.checked })} />;
    case "clear_sessions":
      return (
        <CheckboxField
          label="Also revoke their OAuth tokens"
          hint="Apps that hold refresh tokens for them must sign them in again."
          checked={o.revokeOAuthTokens}
          onChange={(e) => set({ revokeOAuthTokens: e.target.checked })}
        />
      );
    case "reset_factors":
      return factors && factors.length ? (
        <fieldset className="space-y-2">
          <legend className="mb-1 text-sm font-medium text-slate-800">Which factors</legend>
          <Choice name="factor" value="all" checked={o.factor === "all"} onChange={() => set({ factor: "all" })} label="All enrolled factors" />
          {factors.map((f) => (
            <Choice key={f.id} name="factor" value={f.id} checked={o.factor === f.id} onChange={() => set({ factor: f.id })} label={`Only ${f.name}`} />
          ))}
        </fieldset>
      ) : null;
    case "delete":
      return (
        <TextField
          label={`Type ${t.login} to confirm`}
          value={o.confirmLogin}
          onChange={(e) => set({ confirmLogin: e.target.value })}
          autoComplete="off"
          spellCheck={false}
          errors={fieldErrors.confirmLogin}
        />
      );
    default:
      return null;
  }
}

export interface PendingOperation {
  op: UserOperation;
  label: string;
  planned: PlannedOperation;
  /** reset_factor: the factor. */
  factor?: FactorChoice;
}

/**
 * The confirmation of one operation: effect, the source's caution, the options, the override (service
 * accounts, Administrators), the Ticket ID. On success: a toast, the one-time secret if any, and the
 * page re-read from Okta (router.refresh).
 */
export function OperationDialog({
  pending,
  target,
  factors,
  onClose,
}: {
  pending: PendingOperation | null;
  target: DetailTarget;
  factors: FactorChoice[] | null;
  onClose: () => void;
}) {
  const router = useRouter();
  const [options, setOptions] = useState<Options>(DEFAULTS);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[] | undefined>>({});
  const [secret, setSecret] = useState<OneTimeSecret | null>(null);
  const set = (p: Partial<Options>) => setOptions((o) => ({ ...o, ...p }));
  const close = () => {
    setOptions(DEFAULTS);
    setFieldErrors({});
    onClose();
  };
  const p = pending?.planned;
  const op = pending?.op;
  const override = p?.override ?? null;
  const overrideTyped = !override || options.overrideLogin.trim().toLowerCase() === override.confirmLogin.trim().toLowerCase();
  const deleteTyped = op !== "delete" || options.confirmLogin.trim().toLowerCase() === target.login.trim().toLowerCase();
  // Caller verification (the server refuses anyway; this explains it before the click).
  const caller = op && CALLER_CHECKED.has(op) && target.caller ? target.caller : null;
  const gate = caller ? dialogGate(caller.rule, caller.fresh?.verifiedAt && caller.fresh.validUntil ? { method: caller.fresh.method, verifiedAt: caller.fresh.verifiedAt, validUntil: caller.fresh.validUntil } : null, new Date()) : null;
  const reasonGiven = !gate?.askReason || options.skipReason.trim().length >= 5;
  const title = pending ? (op === "reset_factor" && pending.factor ? `Reset ${pending.factor.name}?` : `${pending.label}: ${target.displayName}?`) : "";

  return (
    <>
      <ConfirmDialog<OpData>
        open={pending !== null}
        onClose={close}
        title={title}
        tone={p?.destructive ? "danger" : "primary"}
        confirmLabel={pending?.label ?? "Confirm"}
        ticketRequired={target.ticketRequired || override !== null}
        confirmDisabled={!overrideTyped || !deleteTyped || !!gate?.blocked || !reasonGiven}
        description={
          p ? (
            <>
              <span className="block">{p.effect}</span>
              <span className="mt-1 block text-slate-500">
                {target.displayName} · <span className="font-mono text-xs">{target.login}</span>
              </span>
            </>
          ) : undefined
        }
        onConfirm={(ticketId) => (op ? run(op, target, options, ticketId, pending?.factor?.id ?? null) : Promise.resolve({ ok: false, error: "Nothing to do." }))}
        onFailure={(result) => setFieldErrors(result.fieldErrors ?? {})}
        onDone={(data) => {
          const found = op ? secretOf(op, data, target) : null;
          setOptions(DEFAULTS);
          setFieldErrors({});
          onClose();
          if (op === "delete") {
            notify.success(`${target.displayName} was deleted from Okta.`);
            router.push(`/t/${encodeURIComponent(target.slug)}/users`);
            return;
          }
          if (found) setSecret(found);
          notify.success(`${op ? DONE[op] : "Done."}${statusSentence(data.status)}`);
          router.refresh();
        }}
      >
        {p?.caution ? (
          <Alert tone="warning" title="Mastered elsewhere">
            {p.caution}
          </Alert>
        ) : null}
        {caller && gate ? (
          gate.verified && caller.fresh ? (
            <Alert tone="success">{verifiedSentence(caller.fresh)}.</Alert>
          ) : gate.blocked ? (
            <Alert tone="warning" title="Caller not verified">
              {gate.blocked} This button stays disabled until then.
            </Alert>
          ) : gate.askReason ? (
            <div className="space-y-2 rounded-md border border-amber-200 bg-amber-50/60 p-3">
              <p className="text-sm text-amber-900">This org recommends verifying the caller first (Verify caller on this page). If you go ahead without it, say why; it is kept in the audit log.</p>
              <TextField
                label="Why the caller was not verified"
                value={options.skipReason}
                onChange={(e) => set({ skipReason: e.target.value })}
                maxLength={300}
                errors={fieldErrors["callerCheck.skipReason"]}
              />
            </div>
          ) : null
        ) : null}
        {op ? <OpOptions op={op} o={options} set={set} factors={factors} t={target} fieldErrors={fieldErrors} /> : null}
        {override ? (
          <div className="space-y-3 rounded-md border border-rose-200 bg-rose-50/60 p-3">
            <p className="text-sm text-rose-900">
              <span className="font-medium">Service-account override.</span> {override.reason}
            </p>
            <TextField
              label={`Type ${override.confirmLogin} to override`}
              value={options.overrideLogin}
              onChange={(e) => set({ overrideLogin: e.target.value })}
              autoComplete="off"
              spellCheck={false}
              errors={fieldErrors["override.confirmLogin"]}
            />
          </div>
        ) : null}
      </ConfirmDialog>
      <OneTimeSecretDialog secret={secret} onClose={() => setSecret(null)} />
    </>
  );
}

/** The Actions card's buttons. */
export function UserActionsPanel({ target, operations, factors }: { target: DetailTarget; operations: PlannedOperation[]; factors: FactorChoice[] | null }) {
  const [pending, setPending] = useState<PendingOperation | null>(null);
  const first = operations.filter((o) => !o.destructive || o.op === "reset_password" || o.op === "temp_password" || o.op === "reset_factors");
  const lifecycle = operations.filter((o) => !first.includes(o));
  const button = (o: PlannedOperation) => (
    <Button
      key={o.op}
      variant={o.op === "unlock" || o.op === "activate" || o.op === "unsuspend" ? "primary" : "secondary"}
      className={cn("w-full justify-start", o.destructive && (o.op === "deactivate" || o.op === "delete" || o.op === "suspend") ? "text-rose-700" : undefined)}
      onClick={() => setPending({ op: o.op, label: o.override ? `${o.label} (override)` : o.label, planned: o })}
    >
      {o.override ? `${o.label} (override)` : o.label}
    </Button>
  );
  return (
    <div className="space-y-4">
      {first.length ? <div className="grid gap-2">{first.map(button)}</div> : null}
      {lifecycle.length ? (
        <div className="grid gap-2 border-t border-slate-200 pt-4">
          <p className="text-xs font-medium uppercase tracking-wide text-slate-500">Lifecycle</p>
          {lifecycle.map(button)}
        </div>
      ) : null}
      <OperationDialog pending={pending} target={target} factors={factors} onClose={() => setPending(null)} />
    </div>
  );
}

/** "Reset this factor" beside one enrolled factor. */
export function FactorResetButton({ target, planned, factor }: { target: DetailTarget; planned: PlannedOperation; factor: FactorChoice }) {
  const [pending, setPending] = useState<PendingOperation | null>(null);
  const label = planned.override ? "Reset this factor (override)" : "Reset this factor";
  return (
    <>
      <Button variant="secondary" size="sm" aria-label={`${label}: ${factor.name}`} onClick={() => setPending({ op: "reset_factor", label: "Reset factor", planned, factor })}>
        {label}
      </Button>
      <OperationDialog pending={pending} target={target} factors={null} onClose={() => setPending(null)} />
    </>
  );
}
