"use client";
// The offboarding wizard: who (read from Okta when the page opened), which steps (preselected from the
// org's default set; Administrators may save the current choice as the new default), now or at a date
// and time, then a confirmation with the Ticket ID. Starting makes one offboarding job; its page shows
// each person's steps as they run.
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { notify } from "@/components/ui/toaster";
import { OFFBOARDING_STEPS, STEP_INFO, type OffboardingStep } from "@/lib/offboarding/steps";
import type { OffboardTarget } from "@/lib/offboarding/actions-types";
import { saveOffboardingDefaults, startOffboarding } from "@/app/(console)/t/[tenant]/users/offboard/actions";

export function OffboardWizard({
  slug,
  orgName,
  ticketRequired,
  targets,
  missing,
  defaults,
  canSaveDefaults,
}: {
  slug: string;
  orgName: string;
  ticketRequired: boolean;
  targets: OffboardTarget[];
  missing: string[];
  defaults: OffboardingStep[];
  canSaveDefaults: boolean;
}) {
  const router = useRouter();
  const [steps, setSteps] = useState<Set<OffboardingStep>>(new Set(defaults));
  const [savedDefaults, setSavedDefaults] = useState<OffboardingStep[]>(defaults);
  const [when, setWhen] = useState<"now" | "later">("now");
  const [at, setAt] = useState("");
  const [confirming, setConfirming] = useState(false);
  const [saving, startSaving] = useTransition();
  const [saveError, setSaveError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[] | undefined>>({});
  const chosen = OFFBOARDING_STEPS.filter((s) => steps.has(s));
  const sameAsDefault = chosen.length === savedDefaults.length && chosen.every((s) => savedDefaults.includes(s));
  const scheduledIso = when === "later" && at ? new Date(at).toISOString() : undefined;
  const who = targets.length === 1 ? (targets[0]!.displayName || targets[0]!.login) : `${targets.length} people`;
  const ready = targets.length > 0 && chosen.length > 0 && (when === "now" || !!at);

  const toggle = (s: OffboardingStep, on: boolean) => {
    const next = new Set(steps);
    if (on) next.add(s);
    else next.delete(s);
    setSteps(next);
  };

  return (
    <div className="space-y-6">
      <Card>
        <CardHeader title={`1. Who (${targets.length})`} description="As Okta has them now. Service accounts and Okta admins are checked again when each person's steps run." />
        <CardBody>
          {missing.length ? (
            <div className="mb-3">
              <Alert tone="warning" title="Not found in this org">
                Okta has no user with id {missing.join(", ")} in {orgName}; {missing.length === 1 ? "it is" : "they are"} left out.
              </Alert>
            </div>
          ) : null}
          {targets.length ? (
            <ul className="divide-y divide-slate-100">
              {targets.map((t) => (
                <li key={t.id} className="flex flex-wrap items-center justify-between gap-2 py-2 text-sm">
                  <span>
                    <span className="font-medium text-slate-900">{t.displayName || t.login}</span> <span className="text-slate-500">{t.login}</span>
                  </span>
                  <Badge tone={t.status === "DEPROVISIONED" ? "neutral" : t.status === "ACTIVE" ? "green" : "amber"}>{t.statusLabel}</Badge>
                </li>
              ))}
            </ul>
          ) : (
            <p className="text-sm text-slate-600">Nobody to offboard. Open this page from a user&apos;s page or the users list.</p>
          )}
        </CardBody>
      </Card>

      <Card>
        <CardHeader
          title="2. Steps"
          description={
            savedDefaults.length
              ? `Run in this order for each person. Preselected from ${orgName}'s default set.`
              : `Run in this order for each person. ${orgName} has no default set yet${canSaveDefaults ? ": choose the steps and save them as the default" : "; an Administrator can save one"}.`
          }
          actions={
            canSaveDefaults ? (
              <Button
                size="sm"
                variant="secondary"
                disabled={saving || sameAsDefault}
                onClick={() =>
                  startSaving(async () => {
                    const r = await saveOffboardingDefaults(slug, { steps: chosen });
                    setSaveError(null);
                    if (r.ok) {
                      setSavedDefaults(r.data.steps);
                      notify.success(`Saved as ${orgName}'s default steps.`);
                    } else setSaveError(r.error);
                  })
                }
              >
                {sameAsDefault ? "This is the org's default" : "Save as this org's default"}
              </Button>
            ) : null
          }
        />
        <CardBody>
          <fieldset>
            <legend className="sr-only">Offboarding steps</legend>
            <ul className="space-y-3">
              {OFFBOARDING_STEPS.map((s) => (
                <li key={s} className="flex items-start gap-3">
                  <input
                    id={`step-${s}`}
                    type="checkbox"
                    className="mt-0.5 h-4 w-4 shrink-0 rounded border-slate-300 text-indigo-600 focus:ring-indigo-600"
                    checked={steps.has(s)}
                    onChange={(e) => toggle(s, e.target.checked)}
                    aria-describedby={`step-${s}-effect`}
                  />
                  <div>
                    <label htmlFor={`step-${s}`} className="text-sm font-medium text-slate-800">
                      {STEP_INFO[s].label}
                    </label>
                    <p id={`step-${s}-effect`} className="text-xs text-slate-500">
                      {STEP_INFO[s].effect}
                    </p>
                  </div>
                </li>
              ))}
            </ul>
          </fieldset>
          {chosen.length === 0 ? <p className="mt-3 text-sm text-slate-600">Choose at least one step.</p> : null}
          {saveError ? (
            <div className="mt-3">
              <Alert tone="error" title="The default was not saved">
                {saveError}
              </Alert>
            </div>
          ) : null}
        </CardBody>
      </Card>

      <Card>
        <CardHeader title="3. When" />
        <CardBody className="space-y-3">
          <fieldset className="space-y-2">
            <legend className="sr-only">When to run</legend>
            <label className="flex items-center gap-2 text-sm">
              <input type="radio" name="when" checked={when === "now"} onChange={() => setWhen("now")} /> Now
            </label>
            <label className="flex items-center gap-2 text-sm">
              <input type="radio" name="when" checked={when === "later"} onChange={() => setWhen("later")} /> At a date and time
            </label>
          </fieldset>
          {when === "later" ? (
            <div className="space-y-1">
              <label htmlFor="offboard-at" className="block text-sm font-medium text-slate-800">
                Date and time (your time zone)
              </label>
              <input
                id="offboard-at"
                type="datetime-local"
                value={at}
                onChange={(e) => setAt(e.target.value)}
                aria-invalid={fieldErrors.scheduledFor ? true : undefined}
                aria-describedby={fieldErrors.scheduledFor ? "offboard-at-error" : undefined}
                className="block rounded-md border-0 px-3 py-1.5 text-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-indigo-600"
              />
              {fieldErrors.scheduledFor ? (
                <p id="offboard-at-error" role="alert" className="text-xs text-rose-700">
                  {fieldErrors.scheduledFor.join(" ")}
                </p>
              ) : (
                <p className="text-xs text-slate-500">The job waits as scheduled and starts then; it can be cancelled until it has run.</p>
              )}
            </div>
          ) : null}
          <Button variant="danger" disabled={!ready} onClick={() => setConfirming(true)}>
            Offboard {who}…
          </Button>
        </CardBody>
      </Card>

      <ConfirmDialog<{ jobId: string; items: number; scheduledFor: string | null }>
        open={confirming}
        onClose={() => setConfirming(false)}
        title={`Offboard ${who}?`}
        description={`${chosen.map((s) => STEP_INFO[s].label).join(", ")}${scheduledIso ? `, at ${new Date(scheduledIso).toLocaleString()}` : ", now"}. ${chosen.includes("deactivate") ? "Okta warns that deactivation cannot be undone." : ""}`}
        confirmLabel={scheduledIso ? "Schedule offboarding" : "Offboard now"}
        ticketRequired={ticketRequired}
        onConfirm={(ticketId) => startOffboarding(slug, { userIds: targets.map((t) => t.id), steps: chosen, ...(scheduledIso ? { scheduledFor: scheduledIso } : {}), ...(ticketId ? { ticketId } : {}) })}
        onFailure={(r) => setFieldErrors(r.fieldErrors ?? {})}
        successMessage={(d) => (d.scheduledFor ? `Offboarding scheduled for ${new Date(d.scheduledFor).toLocaleString()}.` : `Offboarding started for ${d.items} ${d.items === 1 ? "person" : "people"}.`)}
        onDone={(d) => router.push(`/t/${encodeURIComponent(slug)}/jobs/${encodeURIComponent(d.jobId)}`)}
      />
    </div>
  );
}
