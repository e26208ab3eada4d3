"use client";

// The edit-profile form: prefilled from Okta, sends ONLY the fields the technician changed
// (updateUserProfile -> Okta's partial update), validated with the same schema as the server
// (updateUserSchema). Attributes the user's source owns, and schema read-only ones, are shown
// read-only with the reason, and are never sent.
import { useRouter } from "next/navigation";
import { useRef, useState, useTransition } from "react";
import { updateUserProfile } from "@/app/(console)/t/[tenant]/users/actions";
import { Alert } from "@/components/ui/alert";
import { Button, ButtonLink } from "@/components/ui/button";
import { TicketIdField } from "@/components/ui/field";
import { notify } from "@/components/ui/toaster";
import { ticketIdField } from "@/lib/actions/ticket";
import { sameValue, textToValue, unplacedErrors, valueToText, type FormAttribute, type FormSchema } from "@/lib/users/form-model";
import { updateUserSchema, type BaseProfileField } from "@/lib/users/schemas";
import type { ProfileValue } from "@/lib/okta/users";
import { AttributeControl, errorsFor, focusFirstInvalid, FormSection, LockIcon, zodFieldErrors, type FieldErrors } from "./user-form-fields";

const PERSON: BaseProfileField[] = ["firstName", "lastName", "email", "login", "secondEmail", "mobilePhone"];
const WORK: BaseProfileField[] = ["department", "title", "manager"];

export interface EditFormProps {
  slug: string;
  tenantName: string;
  ticketRequired: boolean;
  userId: string;
  login: string;
  schema: FormSchema;
  values: Record<string, ProfileValue | null>;
  locks: Record<string, string>;
  caution: string | null;
  sourceLabel: string;
}

export function EditUserForm(props: EditFormProps) {
  const { slug, tenantName, ticketRequired, userId, schema, values, locks } = props;
  const router = useRouter();
  const formRef = useRef<HTMLFormElement>(null);
  const initialText = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, valueToText(v)]));
  const [text, setText] = useState<Record<string, string>>(initialText);
  const [ticketId, setTicketId] = useState("");
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const userHref = `/t/${encodeURIComponent(slug)}/users/${encodeURIComponent(userId)}`;

  const attributes: FormAttribute[] = [...PERSON.map((f) => schema.base[f]), ...WORK.map((f) => schema.base[f]), ...schema.custom];
  const editable = attributes.filter((a) => !locks[a.name]);
  const lockedCount = attributes.length - editable.length;

  /** The changed, editable attributes as Okta values; conversion errors by field. */
  function changes(): { changes: Record<string, unknown>; errors: Record<string, string[]> } {
    const out: Record<string, unknown> = {};
    const errs: Record<string, string[]> = {};
    for (const attr of editable) {
      const now = text[attr.name] ?? "";
      if (now === (initialText[attr.name] ?? "")) continue;
      const r = textToValue(attr, now, "null");
      if (!r.ok) {
        errs[`changes.${attr.name}`] = [r.error];
        continue;
      }
      if (sameValue(r.value, values[attr.name])) continue;
      if (r.value === null && attr.required) {
        errs[`changes.${attr.name}`] = [`${attr.title} cannot be empty.`];
        continue;
      }
      out[attr.name] = r.value;
    }
    return { changes: out, errors: errs };
  }

  const pendingChanges = changes();
  const changedCount = Object.keys(pendingChanges.changes).length + Object.keys(pendingChanges.errors).length;
  const placed = new Set([...attributes.map((a) => `changes.${a.name}`), "ticketId"]);

  const set = (name: string) => (v: string) => {
    setText((t) => ({ ...t, [name]: v }));
    const key = `changes.${name}`;
    if (errors[key]) setErrors((e) => ({ ...e, [key]: undefined }));
  };

  function submit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (pending) return;
    setFormError(null);
    const built = changes();
    const errs: Record<string, string[]> = { ...built.errors };
    const input = { userId, changes: built.changes };
    const parsed = updateUserSchema.safeParse(input);
    if (!parsed.success) Object.assign(errs, zodFieldErrors(parsed.error.issues.filter((i) => !(i.path.join(".") === "changes" && Object.keys(errs).length))));
    const ticket = ticketIdField.safeParse(ticketId);
    if (!ticket.success) errs.ticketId = ticket.error.issues.map((i) => i.message);
    else if (ticketRequired && !ticket.data) errs.ticketId = [`${tenantName} requires a ticket ID for every change.`];
    if (Object.keys(errs).length) {
      setErrors(errs);
      setFormError(errs.changes?.[0] ?? "Check the highlighted fields.");
      focusFirstInvalid(formRef.current);
      return;
    }
    setErrors({});
    startTransition(async () => {
      const result = await updateUserProfile(slug, { ...input, ticketId: ticket.success ? ticket.data : undefined } as Parameters<typeof updateUserProfile>[1]);
      if (!result.ok) {
        const fe = result.fieldErrors ?? {};
        setErrors(fe);
        setFormError([...new Set([result.error, ...unplacedErrors(fe, placed)])].join(" "));
        focusFirstInvalid(formRef.current);
        return;
      }
      const n = Object.keys(built.changes).length;
      notify.success(`Profile saved: ${n} field${n === 1 ? "" : "s"} changed.`);
      router.push(userHref);
      router.refresh();
    });
  }

  const control = (attr: FormAttribute) => (
    <AttributeControl
      key={attr.name}
      attr={attr}
      fieldKey={`changes.${attr.name}`}
      value={text[attr.name] ?? ""}
      onChange={set(attr.name)}
      errors={errorsFor(errors, `changes.${attr.name}`)}
      lock={locks[attr.name]}
      required={attr.base && ["firstName", "lastName", "login", "email"].includes(attr.name)}
    />
  );

  return (
    <form ref={formRef} noValidate onSubmit={submit} aria-busy={pending || undefined} className="space-y-6" aria-label="Edit profile">
      {props.caution && lockedCount > 0 ? (
        <Alert tone="warning" title={`${lockedCount} of ${attributes.length} fields are read-only`}>
          {props.caution}
        </Alert>
      ) : props.caution ? (
        <Alert tone="info">{props.caution}</Alert>
      ) : null}
      {formError ? <Alert tone="error">{formError}</Alert> : null}
      <FormSection title="Person" description={`Source: ${props.sourceLabel}`}>
        <div className="grid gap-4 sm:grid-cols-2">{PERSON.map((f) => control(schema.base[f]))}</div>
      </FormSection>
      <FormSection title="Work">
        <div className="grid gap-4 sm:grid-cols-3">{WORK.map((f) => control(schema.base[f]))}</div>
      </FormSection>
      {schema.custom.length || schema.unavailable ? (
        <FormSection title="Custom attributes" description={`Defined in ${tenantName}'s Okta user profile.`}>
          {schema.unavailable ? <Alert tone="warning">{schema.unavailable}</Alert> : null}
          <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">{schema.custom.map(control)}</div>
        </FormSection>
      ) : null}

      <div className="flex sm:sticky sm:bottom-2 sm:z-10 flex-col gap-4 rounded-lg border border-slate-200 bg-white/95 px-5 py-4 shadow-sm backdrop-blur sm:flex-row sm:items-end sm:justify-between">
        <div className="sm:w-72">
          <TicketIdField
            id="field-ticketId"
            ticketRequired={ticketRequired}
            orgName={tenantName}
            value={ticketId}
            onChange={(e) => {
              setTicketId(e.target.value);
              if (errors.ticketId) setErrors((x) => ({ ...x, ticketId: undefined }));
            }}
            required={ticketRequired}
            errors={errorsFor(errors, "ticketId")}
          />
        </div>
        <div className="flex flex-wrap items-center gap-3 sm:justify-end">
          <p className="text-sm text-slate-500" aria-live="polite">
            {editable.length === 0 ? (
              <span className="inline-flex items-center gap-1.5">
                <LockIcon /> Nothing here can be edited in the console.
              </span>
            ) : changedCount === 0 ? (
              "No changes yet."
            ) : (
              `${changedCount} field${changedCount === 1 ? "" : "s"} changed; only ${changedCount === 1 ? "it is" : "those are"} sent.`
            )}
          </p>
          <ButtonLink href={userHref} variant="secondary">
            Cancel
          </ButtonLink>
          <Button type="submit" disabled={pending || editable.length === 0}>
            {pending ? "Saving…" : "Save changes"}
          </Button>
        </div>
      </div>
    </form>
  );
}
