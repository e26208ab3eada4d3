"use client";
// "Verify caller" on a user's page (issue 12): challenge the person on the phone through one of their
// enrolled factors before an unlock or reset. Push with number matching (the number is shown big for
// the technician to read out; the status is polled every 2 s through the server, which holds Okta's
// transaction id), or a one-time code by SMS, voice or email that the caller reads back. A user with no
// factor the console can challenge gets the break-glass request (a Technician or Administrator other
// than the requester approves it on the org's Verifications page).
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, useTransition } from "react";
import {
  cancelChallenge,
  pollChallenge,
  requestBreakGlass,
  startChallenge,
  verificationFactors,
  verifyCode,
} from "@/app/(console)/t/[tenant]/users/verification-actions";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button, ButtonLink } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { TextAreaField, TextField, TicketIdField } from "@/components/ui/field";
import { methodLabel, utcTime } from "@/lib/verification/rule";

export interface CallerCheckState {
  rule: "off" | "recommended" | "required";
  fresh: { id: string; method: string; verifiedAt: string | null; validUntil: string | null } | null;
  pendingBreakGlass: { id: string; createdAt: string; expiresAt: string } | null;
}

interface Factor {
  id: string;
  kind: "push" | "sms" | "call" | "email";
  factorType: string;
  label: string;
}

type Phase =
  | { step: "loading" }
  | { step: "error"; message: string }
  | { step: "choose"; usable: Factor[]; unusable: { id: string; factorType: string; reason: string }[] }
  | { step: "push"; id: string; number: number | null; expiresAt: string; label: string; status: "waiting" | "rejected" | "timeout" | "cancelled" | "failed" }
  | { step: "otp"; id: string; kind: Factor["kind"]; label: string; expiresAt: string }
  | { step: "success"; method: string; verifiedAt: string; validUntil: string }
  | { step: "break_glass" }
  | { step: "requested"; expiresAt: string };

type Result<T> = { ok: true; data: T } | { ok: false; error: string; fieldErrors?: Record<string, string[] | undefined> };

const POLL_MS = 2000;

const SENT: Record<string, string> = { sms: "Code sent by SMS", call: "Calling with a code", email: "Code sent by email" };

/** "Caller verified by push at 10:42 UTC (valid until 10:57 UTC)" */
export function verifiedSentence(v: { method: string; verifiedAt: string | null; validUntil: string | null }): string {
  const at = v.verifiedAt ? utcTime(new Date(v.verifiedAt)) : "";
  const until = v.validUntil ? utcTime(new Date(v.validUntil)) : "";
  return `Caller verified by ${methodLabel(v.method)} at ${at} (valid until ${until})`;
}

/** The page's badge: this staff member's fresh verification of this user. */
export function CallerVerifiedBadge({ state }: { state: CallerCheckState }) {
  if (state.fresh) return <Badge tone="green">{verifiedSentence(state.fresh)}</Badge>;
  if (state.pendingBreakGlass) return <Badge tone="amber">Break glass requested: waiting for an approver</Badge>;
  if (state.rule === "required") return <Badge tone="amber">Caller verification required before unlock or reset</Badge>;
  return null;
}

export function VerifyCallerButton({
  slug,
  userId,
  displayName,
  ticketRequired,
  orgName,
  state,
}: {
  slug: string;
  userId: string;
  displayName: string;
  ticketRequired: boolean;
  orgName: string;
  state: CallerCheckState;
}) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button variant={state.fresh ? "secondary" : "primary"} onClick={() => setOpen(true)} className="w-full sm:w-auto">
        Verify caller
      </Button>
      {open ? (
        <VerifyCallerDialog slug={slug} userId={userId} displayName={displayName} ticketRequired={ticketRequired} orgName={orgName} state={state} onClose={() => setOpen(false)} />
      ) : null}
    </>
  );
}

function VerifyCallerDialog({
  slug,
  userId,
  displayName,
  ticketRequired,
  orgName,
  state,
  onClose,
}: {
  slug: string;
  userId: string;
  displayName: string;
  ticketRequired: boolean;
  orgName: string;
  state: CallerCheckState;
  onClose: () => void;
}) {
  const router = useRouter();
  const [phase, setPhase] = useState<Phase>(state.pendingBreakGlass ? { step: "requested", expiresAt: state.pendingBreakGlass.expiresAt } : { step: "loading" });
  const [factorId, setFactorId] = useState<string>("");
  const [ticketId, setTicketId] = useState("");
  const [code, setCode] = useState("");
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[] | undefined>>({});
  const [busy, startBusy] = useTransition();
  const succeeded = useRef(false);
  const ticket = ticketId.trim() || undefined;

  // The user's factors, read from Okta when the dialog opens and again on "Try again" / "Send a new code".
  const loading = phase.step === "loading";
  useEffect(() => {
    if (!loading) return;
    let stopped = false;
    void verificationFactors(slug, { userId }).then((raw) => {
      if (stopped) return;
      const r = raw as Result<{ usable: Factor[]; unusable: { id: string; factorType: string; reason: string }[]; missing?: string }>;
      if (!r.ok) return setPhase({ step: "error", message: r.error });
      if (r.data.missing) return setPhase({ step: "error", message: r.data.missing });
      setFactorId(r.data.usable[0]?.id ?? "");
      setPhase({ step: "choose", usable: r.data.usable, unusable: r.data.unusable });
    });
    return () => {
      stopped = true;
    };
  }, [loading, slug, userId]);

  // Poll a waiting push every 2 s through the server; stops on a final state or when the dialog closes.
  const pushId = phase.step === "push" && phase.status === "waiting" ? phase.id : null;
  useEffect(() => {
    if (!pushId) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      const r = (await pollChallenge(slug, { userId, verificationId: pushId })) as Result<{ status: string; verifiedAt?: string | null; validUntil?: string | null }>;
      if (stopped) return;
      if (!r.ok) {
        setError(r.error);
      } else if (r.data.status === "success" && r.data.verifiedAt && r.data.validUntil) {
        succeeded.current = true;
        setPhase({ step: "success", method: "push", verifiedAt: r.data.verifiedAt, validUntil: r.data.validUntil });
        return;
      } else if (r.data.status !== "waiting") {
        const status = r.data.status as "rejected" | "timeout" | "cancelled" | "failed";
        setPhase((p) => (p.step === "push" ? { ...p, status } : p));
        return;
      } else setError(null);
      timer = setTimeout(tick, POLL_MS);
    };
    timer = setTimeout(tick, POLL_MS);
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }, [pushId, slug, userId]);

  const close = () => {
    // A push still waiting is cancelled on our side (the row), so it can never count later.
    if (phase.step === "push" && phase.status === "waiting") void cancelChallenge(slug, { userId, verificationId: phase.id, ticketId: ticket });
    if (phase.step === "otp") void cancelChallenge(slug, { userId, verificationId: phase.id, ticketId: ticket });
    onClose();
    if (succeeded.current) router.refresh();
  };

  const start = () =>
    startBusy(async () => {
      setError(null);
      setFieldErrors({});
      const r = (await startChallenge(slug, { userId, factorId, ticketId: ticket })) as Result<{ id: string; kind: Factor["kind"]; correctAnswer: number | null; expiresAt: string; factorLabel: string }>;
      if (!r.ok) {
        setError(r.error);
        setFieldErrors(r.fieldErrors ?? {});
        return;
      }
      const d = r.data;
      setCode("");
      setPhase(
        d.kind === "push"
          ? { step: "push", id: d.id, number: d.correctAnswer, expiresAt: d.expiresAt, label: d.factorLabel, status: "waiting" }
          : { step: "otp", id: d.id, kind: d.kind, label: d.factorLabel, expiresAt: d.expiresAt },
      );
    });

  const cancelPush = () =>
    startBusy(async () => {
      if (phase.step !== "push") return;
      await cancelChallenge(slug, { userId, verificationId: phase.id, ticketId: ticket });
      setPhase({ ...phase, status: "cancelled" });
    });

  const submitCode = () =>
    startBusy(async () => {
      if (phase.step !== "otp") return;
      setError(null);
      setFieldErrors({});
      const r = (await verifyCode(slug, { userId, verificationId: phase.id, passCode: code, ticketId: ticket })) as Result<{ status: string; verifiedAt?: string | null; validUntil?: string | null }>;
      if (!r.ok) {
        setError(r.error);
        setFieldErrors(r.fieldErrors ?? {});
        return;
      }
      if (r.data.verifiedAt && r.data.validUntil) {
        succeeded.current = true;
        setPhase({ step: "success", method: phase.kind, verifiedAt: r.data.verifiedAt, validUntil: r.data.validUntil });
      }
    });

  const askBreakGlass = () =>
    startBusy(async () => {
      setError(null);
      setFieldErrors({});
      const r = (await requestBreakGlass(slug, { userId, reason, ticketId: ticket })) as Result<{ id: string; expiresAt: string }>;
      if (!r.ok) {
        setError(r.error);
        setFieldErrors(r.fieldErrors ?? {});
        return;
      }
      succeeded.current = true; // the page shows the pending request
      setPhase({ step: "requested", expiresAt: r.data.expiresAt });
    });

  const ticketField = (required: boolean) => (
    <TicketIdField
      ticketRequired={required}
      orgName={orgName}
      value={ticketId}
      onChange={(e) => setTicketId(e.target.value)}
      errors={fieldErrors.ticketId}
      required={required}
    />
  );
  const footer = (children: React.ReactNode) => <div className="mt-5 flex flex-wrap justify-end gap-2">{children}</div>;
  const closeButton = (label = "Close") => (
    <Button variant="secondary" onClick={close} disabled={busy}>
      {label}
    </Button>
  );

  let body: React.ReactNode;
  switch (phase.step) {
    case "loading":
      body = <p className="text-sm text-slate-600" role="status">Reading {displayName}&apos;s factors from Okta…</p>;
      break;
    case "error":
      body = (
        <>
          <Alert tone="error" title="The factors could not be read">
            {phase.message}
          </Alert>
          {footer(<>{closeButton()}<Button onClick={() => setPhase({ step: "loading" })}>Try again</Button></>)}
        </>
      );
      break;
    case "choose":
      body = phase.usable.length ? (
        <div className="space-y-4">
          <fieldset className="space-y-2">
            <legend className="mb-1 text-sm font-medium text-slate-800">Challenge the caller through</legend>
            {phase.usable.map((f) => (
              <label key={f.id} className="flex items-center gap-3 rounded-md border border-slate-200 px-3 py-2 text-sm text-slate-800 has-[:checked]:border-indigo-300 has-[:checked]:bg-indigo-50/60">
                <input type="radio" name="factor" value={f.id} checked={factorId === f.id} onChange={() => setFactorId(f.id)} className="h-4 w-4 border-slate-300 text-indigo-600" />
                {f.label}
              </label>
            ))}
          </fieldset>
          {phase.unusable.length ? (
            <p className="text-xs text-slate-500">
              Cannot be challenged: {phase.unusable.map((u) => `${u.factorType} (${u.reason})`).join("; ")}
            </p>
          ) : null}
          {ticketField(ticketRequired)}
          {error ? <Alert tone="error">{error}</Alert> : null}
          {footer(
            <>
              <Button variant="ghost" onClick={() => setPhase({ step: "break_glass" })} disabled={busy}>
                The caller cannot use these
              </Button>
              {closeButton("Cancel")}
              <Button onClick={start} disabled={busy || !factorId || (ticketRequired && !ticket)}>
                {busy ? "Sending…" : "Send challenge"}
              </Button>
            </>,
          )}
        </div>
      ) : (
        <div className="space-y-4">
          <Alert tone="warning" title="No factor the console can challenge">
            {displayName} has no enrolled factor that can be challenged (Okta Verify push, SMS, voice call or email)
            {phase.unusable.length ? `: ${phase.unusable.map((u) => `${u.factorType} (${u.reason})`).join("; ")}` : ""}. Ask for break glass: a Technician or Administrator other than you approves it with a Ticket ID.
          </Alert>
          {footer(
            <>
              {closeButton("Cancel")}
              <Button onClick={() => setPhase({ step: "break_glass" })}>Ask for break glass</Button>
            </>,
          )}
        </div>
      );
      break;
    case "push":
      body = (
        <div className="space-y-4">
          <p className="text-sm text-slate-600">
            Sent to {phase.label}.{phase.status === "waiting" && phase.number !== null ? " Ask the caller to open Okta Verify and tap this number:" : ""}
          </p>
          {phase.status !== "waiting" ? null : phase.number !== null ? (
            <p aria-label={`Number to read to the caller: ${phase.number}`} className="rounded-lg bg-slate-50 py-4 text-center font-mono text-6xl font-semibold tracking-widest text-slate-900">
              {phase.number}
            </p>
          ) : (
            <p className="text-sm text-slate-600">Okta sent the push without number matching: ask the caller to approve it.</p>
          )}
          <div role="status" aria-live="polite">
            {phase.status === "waiting" ? (
              <p className="flex items-center gap-2 text-sm text-slate-700">
                <span aria-hidden className="h-2 w-2 animate-pulse rounded-full bg-indigo-500" />
                Waiting for the caller to answer (expires {utcTime(new Date(phase.expiresAt))})…
              </p>
            ) : phase.status === "rejected" ? (
              <Alert tone="error" title="The caller rejected the push">
                Do not unlock or reset anything on this call&apos;s word alone. If the caller says they rejected it by mistake, send a new push.
              </Alert>
            ) : phase.status === "timeout" ? (
              <Alert tone="warning" title="The push expired">
                Nobody answered in time. Send a new one, or use another factor.
              </Alert>
            ) : (
              <Alert tone="info">The push was cancelled.</Alert>
            )}
          </div>
          {error ? <Alert tone="error">{error}</Alert> : null}
          {footer(
            phase.status === "waiting" ? (
              <Button variant="secondary" onClick={cancelPush} disabled={busy}>
                Cancel push
              </Button>
            ) : (
              <>
                {closeButton()}
                <Button onClick={() => setPhase({ step: "loading" })}>Try again</Button>
              </>
            ),
          )}
        </div>
      );
      break;
    case "otp":
      body = (
        <form
          className="space-y-4"
          onSubmit={(e) => {
            e.preventDefault();
            submitCode();
          }}
        >
          <Alert tone="info" title={SENT[phase.kind] ?? "Code sent"}>
            {phase.label}. Ask the caller to read the code to you; it is valid until {utcTime(new Date(phase.expiresAt))}.
          </Alert>
          <TextField
            label="Code the caller reads to you"
            value={code}
            onChange={(e) => setCode(e.target.value.replace(/\s+/g, ""))}
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={10}
            errors={fieldErrors.passCode}
            className="font-mono text-lg tracking-widest"
          />
          {error && !fieldErrors.passCode ? <Alert tone="error">{error}</Alert> : null}
          {footer(
            <>
              <Button variant="ghost" onClick={() => setPhase({ step: "loading" })} disabled={busy}>
                Send a new code
              </Button>
              {closeButton("Cancel")}
              <Button type="submit" disabled={busy || code.length < 4}>
                {busy ? "Checking…" : "Verify code"}
              </Button>
            </>,
          )}
        </form>
      );
      break;
    case "success":
      body = (
        <div className="space-y-4">
          <Alert tone="success" title="Caller verified">
            By {methodLabel(phase.method)} at {utcTime(new Date(phase.verifiedAt))}, valid until {utcTime(new Date(phase.validUntil))}. Your unlocks and resets of {displayName} carry this
            verification in the audit log until then.
          </Alert>
          {footer(<Button onClick={close}>Done</Button>)}
        </div>
      );
      break;
    case "break_glass":
      body = (
        <form
          className="space-y-4"
          onSubmit={(e) => {
            e.preventDefault();
            askBreakGlass();
          }}
        >
          <p className="text-sm text-slate-600">
            Break glass lets you act without verifying the caller, once a Technician or Administrator of {orgName} other than you approves it. It counts for 15 minutes after approval.
          </p>
          <TextAreaField label="Why the caller cannot be verified" value={reason} onChange={(e) => setReason(e.target.value)} rows={3} errors={fieldErrors.reason} maxLength={500} />
          {ticketField(true)}
          {error ? <Alert tone="error">{error}</Alert> : null}
          {footer(
            <>
              {closeButton("Cancel")}
              <Button type="submit" disabled={busy || reason.trim().length < 10 || !ticket}>
                {busy ? "Asking…" : "Ask for approval"}
              </Button>
            </>,
          )}
        </form>
      );
      break;
    case "requested":
      body = (
        <div className="space-y-4">
          <Alert tone="info" title="Waiting for an approver">
            Your break-glass request for {displayName} waits for a Technician or Administrator of {orgName} (until {utcTime(new Date(phase.expiresAt))}). They decide on the org&apos;s Verifications page.
          </Alert>
          {footer(
            <>
              <ButtonLink variant="secondary" href={`/t/${encodeURIComponent(slug)}/verifications`}>
                Open Verifications
              </ButtonLink>
              {closeButton()}
            </>,
          )}
        </div>
      );
      break;
  }

  const waiting = phase.step === "push" && phase.status === "waiting";
  return (
    <Dialog open onClose={close} title={`Verify caller: ${displayName}`} busy={busy} description={waiting ? "Read the number to the caller. The status updates by itself." : undefined}>
      {body}
    </Dialog>
  );
}
