"use client";

// Forms of the org settings pages. Every submit goes through a server action (./actions), which
// validates again with the same zod schema and decides permissions; these only collect input and show
// the result. Secret fields are never pre-filled: the server never sends a stored credential.
import { useRouter } from "next/navigation";
import { useActionState, useId, useRef, useState, useTransition, type FormEvent, type ReactNode } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog, type ActionResultLike } from "@/components/ui/confirm-dialog";
import { CheckboxField, SelectField, TextAreaField, TextField } from "@/components/ui/field";
import { notify } from "@/components/ui/toaster";
import { CALLER_RULES, CALLER_RULE_LABELS, type CallerRule } from "@/lib/verification/rule";
import {
  CREDENTIAL_TYPE_LABELS,
  DEFAULT_OAUTH_SCOPES,
  MASTERY_LABELS,
  MASTERY_VALUES,
  normalizeOrgUrl,
  type CredentialType,
  type Mastery,
} from "@/lib/tenants/schemas";
import {
  archiveOrgAction,
  createOrgAction,
  rotateOrgCredentialAction,
  testDraftConnectionAction,
  testSavedConnectionAction,
  unarchiveOrgAction,
  updateOrgAction,
} from "./actions";

type FieldErrors = Record<string, string[] | undefined>;
type Failure = Extract<ActionResultLike, { ok: false }>;

export interface ConnectionStepView {
  name: string;
  label: string;
  status: "passed" | "failed" | "skipped";
  detail: string;
  requestIds: string[];
}
export interface ConnectionReportView {
  ok: boolean;
  steps: ConnectionStepView[];
}

function formObject(form: HTMLFormElement): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of new FormData(form).entries()) if (typeof v === "string") out[k] = v;
  return out;
}

function failureOf(state: ActionResultLike | null): Failure | null {
  return state && !state.ok ? state : null;
}

// ---------------------------------------------------------------------------------------------------
// Shared field groups

export interface OrgDetailsDefaults {
  name?: string;
  slug?: string;
  orgUrl?: string;
  mastery?: Mastery;
  tags?: string[];
  ticketRequired?: boolean;
  callerVerification?: CallerRule;
}

function slugify(name: string): string {
  return name
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40)
    .replace(/-+$/, "");
}

const ORG_URL_HINT =
  "The org's own address, not the Admin Console (-admin) one. https only (plain http and localhost only where the server allows local org URLs, e.g. the local emulator).";

function OrgDetailsFields({
  defaults = {},
  errors,
  autoSlug,
  orgUrlHint = ORG_URL_HINT,
  onOrgUrlChange,
}: {
  defaults?: OrgDetailsDefaults;
  errors: FieldErrors;
  autoSlug?: boolean;
  orgUrlHint?: ReactNode;
  onOrgUrlChange?: (value: string) => void;
}) {
  const [slug, setSlug] = useState(defaults.slug ?? "");
  const [slugTouched, setSlugTouched] = useState(!autoSlug);
  return (
    <div className="grid gap-4 sm:grid-cols-2">
      <TextField
        label="Display name"
        name="name"
        required
        maxLength={100}
        defaultValue={defaults.name}
        errors={errors.name}
        autoComplete="off"
        onChange={(e) => {
          if (!slugTouched) setSlug(slugify(e.target.value));
        }}
      />
      <TextField
        label="Slug"
        name="slug"
        required
        minLength={2}
        maxLength={40}
        pattern="[a-z0-9](?:[a-z0-9\-]*[a-z0-9])?"
        value={slug}
        onChange={(e) => {
          setSlugTouched(true);
          setSlug(e.target.value);
        }}
        errors={errors.slug}
        hint="In the console's URLs (/t/slug/...). Lowercase letters, digits and hyphens, 2–40 characters."
        autoComplete="off"
        className="font-mono"
      />
      <div className="sm:col-span-2">
        <TextField
          label="Okta org URL"
          name="orgUrl"
          type="url"
          inputMode="url"
          required
          defaultValue={defaults.orgUrl}
          placeholder="https://acme.okta.com"
          errors={errors.orgUrl}
          hint={orgUrlHint}
          onChange={onOrgUrlChange ? (e) => onOrgUrlChange(e.target.value) : undefined}
          autoComplete="off"
          className="font-mono"
        />
      </div>
      <SelectField
        label="Users are mastered in"
        name="mastery"
        defaultValue={defaults.mastery ?? "okta"}
        errors={errors.mastery}
        options={MASTERY_VALUES.map((m) => ({ value: m, label: MASTERY_LABELS[m] }))}
        hint="Where profile changes must be made; the console warns before editing mastered attributes."
      />
      <TextField
        label="Tags"
        name="tags"
        defaultValue={defaults.tags?.join(", ")}
        errors={errors.tags}
        placeholder="retail, emea"
        hint="Comma-separated. Teams can be scoped to a tag."
        autoComplete="off"
      />
      <div className="sm:col-span-2">
        <CheckboxField
          label="Require a ticket ID for changes"
          name="ticketRequired"
          defaultChecked={defaults.ticketRequired}
          hint="Staff must enter a ticket ID for every change in this org; it is kept in the audit log."
        />
      </div>
      <SelectField
        label="Caller verification before unlock and resets"
        name="callerVerification"
        defaultValue={defaults.callerVerification ?? "off"}
        errors={errors.callerVerification}
        options={CALLER_RULES.map((r) => ({ value: r, label: CALLER_RULE_LABELS[r] }))}
        hint="Before unlock, password reset or MFA reset: required refuses without a verification of the caller (push or code, 15 minutes); recommended asks why not and records the answer."
      />
    </div>
  );
}

function CredentialFields({ errors, initialType = "ssws" }: { errors: FieldErrors; initialType?: CredentialType }) {
  const [type, setType] = useState<CredentialType>(initialType);
  const groupId = useId();
  return (
    <div className="space-y-4">
      <fieldset>
        <legend id={groupId} className="text-sm font-medium text-slate-800">
          How the console signs in to Okta
        </legend>
        <div className="mt-2 flex flex-wrap gap-4">
          {(["ssws", "oauth"] as const).map((t) => (
            <label key={t} className="flex items-center gap-2 text-sm text-slate-700">
              <input
                type="radio"
                name="credentialType"
                value={t}
                checked={type === t}
                onChange={() => setType(t)}
                className="h-4 w-4 border-slate-300 text-indigo-600 focus:ring-indigo-600"
              />
              {CREDENTIAL_TYPE_LABELS[t]}
            </label>
          ))}
        </div>
      </fieldset>
      {type === "ssws" ? (
        <TextField
          label="API token"
          name="apiToken"
          type="password"
          autoComplete="off"
          spellCheck={false}
          errors={errors.apiToken}
          hint="Created by a Super or Organization Administrator (Security › API › Tokens). Stored encrypted; never shown again."
          className="font-mono"
        />
      ) : (
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField label="Client ID" name="oauthClientId" autoComplete="off" spellCheck={false} errors={errors.oauthClientId} className="font-mono" />
          <TextField
            label="Key ID (optional)"
            name="oauthKeyId"
            autoComplete="off"
            spellCheck={false}
            errors={errors.oauthKeyId}
            hint="The kid of the public key registered on the service app."
            className="font-mono"
          />
          <div className="sm:col-span-2">
            <TextAreaField
              label="Private key"
              name="oauthPrivateKey"
              rows={5}
              autoComplete="off"
              spellCheck={false}
              errors={errors.oauthPrivateKey}
              placeholder={"-----BEGIN PRIVATE KEY-----\n…\n-----END PRIVATE KEY-----"}
              hint="PEM or private JWK (JSON). Stored encrypted; never shown again."
            />
          </div>
          <div className="sm:col-span-2">
            <TextField
              label="Scopes"
              name="oauthScopes"
              defaultValue={DEFAULT_OAUTH_SCOPES.join(" ")}
              errors={errors.oauthScopes}
              hint="Space-separated Okta management scopes granted to the service app."
              className="font-mono"
            />
          </div>
        </div>
      )}
    </div>
  );
}

// ---------------------------------------------------------------------------------------------------
// Test connection results

const STEP_TONE = { passed: "green", failed: "red", skipped: "neutral" } as const;
const STEP_TEXT = { passed: "Passed", failed: "Failed", skipped: "Not checked" } as const;

export function ConnectionResult({ report }: { report: ConnectionReportView }) {
  return (
    <section aria-label="Connection test result" aria-live="polite" className="rounded-md border border-slate-200 bg-slate-50 px-4 py-3">
      <p className={report.ok ? "text-sm font-medium text-emerald-800" : "text-sm font-medium text-rose-800"}>
        {report.ok ? "Connection works: the console can manage this org." : "The connection test found a problem."}
      </p>
      <ol className="mt-2 space-y-2">
        {report.steps.map((s, i) => (
          <li key={s.name} className="flex gap-3 text-sm">
            <span className="mt-0.5 w-5 shrink-0 text-right text-slate-400">{i + 1}.</span>
            <div className="min-w-0">
              <div className="flex flex-wrap items-center gap-2">
                <span className="font-medium text-slate-800">{s.label}</span>
                <Badge tone={STEP_TONE[s.status]}>{STEP_TEXT[s.status]}</Badge>
              </div>
              <p className="text-slate-600">{s.detail}</p>
              {s.requestIds.length ? (
                <p className="truncate font-mono text-[11px] text-slate-400" title="X-Okta-Request-Id (System Log transaction id)">
                  {s.requestIds.join(" · ")}
                </p>
              ) : null}
            </div>
          </li>
        ))}
      </ol>
    </section>
  );
}

function useDraftConnectionTest(formRef: React.RefObject<HTMLFormElement | null>, extra: () => Record<string, string> = () => ({})) {
  const [report, setReport] = useState<ConnectionReportView | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [testing, startTest] = useTransition();
  const run = () => {
    const form = formRef.current;
    if (!form) return;
    const input = { ...formObject(form), ...extra() };
    setFailure(null);
    startTest(async () => {
      const result = await testDraftConnectionAction(input);
      if (result.ok) setReport(result.data);
      else {
        setReport(null);
        setFailure(result);
      }
    });
  };
  return { report, failure, testing, run, clear: () => (setReport(null), setFailure(null)) };
}

// ---------------------------------------------------------------------------------------------------
// Add org

export function CreateOrgForm() {
  const router = useRouter();
  const formRef = useRef<HTMLFormElement>(null);
  const test = useDraftConnectionTest(formRef);
  const [state, dispatch, saving] = useActionState(async (_prev: ActionResultLike<{ id: string }> | null, input: Record<string, string>) => {
    const result = await createOrgAction(input);
    if (result.ok) router.push(`/settings/orgs/${result.data.id}?created=1`);
    return result;
  }, null);
  const [, startSave] = useTransition();
  const failure = failureOf(state) ?? test.failure;
  const errors: FieldErrors = failure?.fieldErrors ?? {};

  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const input = formObject(e.currentTarget);
    startSave(() => dispatch(input));
  };

  return (
    <form ref={formRef} onSubmit={onSubmit} className="space-y-8" noValidate>
      <Section title="Org" description="Who the customer is and where their Okta org lives.">
        <OrgDetailsFields errors={errors} autoSlug />
      </Section>
      <Section title="Credential" description="Use a dedicated admin account or service app, so its System Log entries are recognisable.">
        <CredentialFields errors={errors} />
      </Section>
      {test.report ? <ConnectionResult report={test.report} /> : null}
      {failure ? <Alert tone="error">{failure.error}</Alert> : null}
      <div className="flex flex-wrap justify-end gap-2 border-t border-slate-200 pt-4">
        <Button variant="secondary" onClick={test.run} disabled={test.testing || saving}>
          {test.testing ? "Testing…" : "Test connection"}
        </Button>
        <Button type="submit" disabled={saving || test.testing}>
          {saving ? "Saving…" : "Add org"}
        </Button>
      </div>
    </form>
  );
}

function Section({ title, description, children }: { title: string; description?: ReactNode; children: ReactNode }) {
  return (
    <section className="grid gap-6 lg:grid-cols-3">
      <div>
        <h2 className="text-base font-semibold text-slate-900">{title}</h2>
        {description ? <p className="mt-1 text-sm text-slate-500">{description}</p> : null}
      </div>
      <div className="lg:col-span-2">{children}</div>
    </section>
  );
}

// ---------------------------------------------------------------------------------------------------
// Edit org. The credential is not edited here (Replace credential does that), except when the org URL
// changes: the stored credential is bound to the old URL, so the new URL is saved together with the
// credential entered again (the server refuses a URL change without it).

/** Whether two org URLs name the same org (as the server normalises them). */
function sameOrgUrl(a: string, b: string): boolean {
  const norm = (v: string) => {
    const r = normalizeOrgUrl(v);
    return r.ok ? r.url : v.trim();
  };
  return norm(a) === norm(b);
}

export function EditOrgForm({ id, defaults, currentType }: { id: string; defaults: OrgDetailsDefaults; currentType: CredentialType }) {
  const router = useRouter();
  const formRef = useRef<HTMLFormElement>(null);
  const savedUrl = defaults.orgUrl ?? "";
  const [orgUrl, setOrgUrl] = useState(savedUrl);
  const urlChanged = !sameOrgUrl(orgUrl, savedUrl);
  const test = useDraftConnectionTest(formRef);
  const [state, dispatch, saving] = useActionState(async (_prev: ActionResultLike<{ id: string }> | null, input: Record<string, string>) => {
    const result = await updateOrgAction({ ...input, id });
    if (result.ok) {
      test.clear();
      notify.success("Org saved.");
      router.refresh();
    }
    return result;
  }, null);
  const [, startSave] = useTransition();
  const failure = failureOf(state) ?? test.failure;
  const errors: FieldErrors = failure?.fieldErrors ?? {};
  return (
    <form
      ref={formRef}
      onSubmit={(e) => {
        e.preventDefault();
        const input = formObject(e.currentTarget);
        startSave(() => dispatch(input));
      }}
      className="space-y-4"
      noValidate
    >
      <OrgDetailsFields
        defaults={defaults}
        errors={errors}
        onOrgUrlChange={setOrgUrl}
        orgUrlHint={
          <>
            {ORG_URL_HINT} Changing it requires entering the credential again: the stored credential only works for the
            current URL.
          </>
        }
      />
      {urlChanged ? (
        <section aria-label="Credential for the new org URL" className="space-y-4 rounded-md border border-amber-200 bg-amber-50/50 p-4">
          <Alert tone="warning" title="Enter the credential again">
            The stored credential is tied to {savedUrl || "the old URL"} and is never sent to another URL. Enter a credential for the new
            org URL; it is saved together with the new URL.
          </Alert>
          <CredentialFields errors={errors} initialType={currentType} />
          {test.report ? <ConnectionResult report={test.report} /> : null}
          <div className="flex justify-end">
            <Button variant="secondary" onClick={test.run} disabled={test.testing || saving}>
              {test.testing ? "Testing…" : "Test new URL and credential"}
            </Button>
          </div>
        </section>
      ) : null}
      <TextField label="Ticket ID (optional)" name="ticketId" maxLength={64} autoComplete="off" errors={errors.ticketId} />
      {failure ? <Alert tone="error">{failure.error}</Alert> : null}
      <div className="flex justify-end">
        <Button type="submit" disabled={saving || test.testing}>
          {saving ? "Saving…" : "Save changes"}
        </Button>
      </div>
    </form>
  );
}

// ---------------------------------------------------------------------------------------------------
// Rotate credential

export function RotateCredentialForm({ id, orgUrl, currentType }: { id: string; orgUrl: string; currentType: CredentialType }) {
  const router = useRouter();
  const formRef = useRef<HTMLFormElement>(null);
  const [formKey, setFormKey] = useState(0);
  const test = useDraftConnectionTest(formRef, () => ({ orgUrl }));
  const [state, dispatch, saving] = useActionState(async (_prev: ActionResultLike<{ keyId: string }> | null, input: Record<string, string>) => {
    const result = await rotateOrgCredentialAction({ ...input, id });
    if (result.ok) {
      // Remount the fields: the secret inputs are empty again after saving.
      setFormKey((k) => k + 1);
      test.clear();
      router.refresh();
    }
    return result;
  }, null);
  const [, startSave] = useTransition();
  const failure = failureOf(state) ?? test.failure;
  const errors: FieldErrors = failure?.fieldErrors ?? {};
  return (
    <form
      key={formKey}
      ref={formRef}
      onSubmit={(e) => {
        e.preventDefault();
        const input = formObject(e.currentTarget);
        startSave(() => dispatch(input));
      }}
      className="space-y-4"
      noValidate
    >
      <CredentialFields errors={errors} initialType={currentType} />
      <TextField label="Ticket ID (optional)" name="ticketId" maxLength={64} autoComplete="off" errors={errors.ticketId} />
      {test.report ? <ConnectionResult report={test.report} /> : null}
      {failure ? <Alert tone="error">{failure.error}</Alert> : null}
      {state?.ok ? <Alert tone="success">Credential replaced. The old one is no longer stored; revoke it in Okta.</Alert> : null}
      <div className="flex flex-wrap justify-end gap-2">
        <Button variant="secondary" onClick={test.run} disabled={test.testing || saving}>
          {test.testing ? "Testing…" : "Test new credential"}
        </Button>
        <Button type="submit" disabled={saving || test.testing}>
          {saving ? "Saving…" : "Replace credential"}
        </Button>
      </div>
    </form>
  );
}

// ---------------------------------------------------------------------------------------------------
// Saved org: test connection, archive / unarchive

export function TestSavedConnection({ id }: { id: string }) {
  const [report, setReport] = useState<ConnectionReportView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [testing, start] = useTransition();
  return (
    <div className="space-y-3">
      <Button
        variant="secondary"
        disabled={testing}
        onClick={() => {
          setError(null);
          start(async () => {
            const result = await testSavedConnectionAction({ id });
            if (result.ok) setReport(result.data);
            else {
              setReport(null);
              setError(result.error);
            }
          });
        }}
      >
        {testing ? "Testing…" : "Test connection"}
      </Button>
      {report ? <ConnectionResult report={report} /> : null}
      {error ? <Alert tone="error">{error}</Alert> : null}
    </div>
  );
}

export function ArchiveOrgButton({ id, name, archived }: { id: string; name: string; archived: boolean }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button variant={archived ? "secondary" : "danger"} onClick={() => setOpen(true)}>
        {archived ? "Unarchive org" : "Archive org"}
      </Button>
      <ConfirmDialog
        open={open}
        onClose={() => setOpen(false)}
        title={archived ? `Unarchive ${name}?` : `Archive ${name}?`}
        description={
          archived
            ? "The org appears in pickers again and staff with access can work in it."
            : "The org disappears from pickers and the console stops calling its Okta. Grants, teams and the audit history stay; you can unarchive it later."
        }
        confirmLabel={archived ? "Unarchive" : "Archive"}
        tone={archived ? "primary" : "danger"}
        onConfirm={(ticketId) => (archived ? unarchiveOrgAction({ id, ticketId }) : archiveOrgAction({ id, ticketId }))}
        successMessage={archived ? `${name} unarchived.` : `${name} archived.`}
        onDone={() => router.refresh()}
      />
    </>
  );
}
