"use client";

// The create-user form. Validates with the SAME zod schema as the server (createUserSchema) before
// sending anything; the server validates again, calls Okta, and maps Okta's errorCauses to the same
// field keys ("profile.login"), which appear next to their fields here.
//
// A temporary password comes back once, is shown once in a dialog, and lives only in this component's
// state until the dialog closes: never stored, logged or put in a URL.
import { useRouter } from "next/navigation";
import { useMemo, useRef, useState, useTransition } from "react";
import { createUser } from "@/app/(console)/t/[tenant]/users/actions";
import { Alert } from "@/components/ui/alert";
import { Button, ButtonLink } from "@/components/ui/button";
import { LazyCombobox } from "@/components/ui/combobox-lazy";
import { lookupSource, type ComboboxOption } from "@/components/ui/combobox-source";
import { TicketIdField } from "@/components/ui/field";
import { notify } from "@/components/ui/toaster";
import { ticketIdField } from "@/lib/actions/ticket";
import { textToValue, unplacedErrors, type FormSchema } from "@/lib/users/form-model";
import { ACTIVATION_CHOICES, ACTIVATION_LABELS, createUserSchema, type ActivationChoice, type BaseProfileField } from "@/lib/users/schemas";
import { CreatedUserDialog, type CreatedUser } from "./user-created-dialog";
import { AttributeControl, errorsFor, focusFirstInvalid, FormSection, zodFieldErrors, type FieldErrors } from "./user-form-fields";

const NAME_FIELDS: BaseProfileField[] = ["firstName", "lastName"];
const ACCOUNT_FIELDS: BaseProfileField[] = ["login", "email", "secondEmail", "mobilePhone"];
const WORK_FIELDS: BaseProfileField[] = ["department", "title", "manager"];
const REQUIRED_BASE = new Set<BaseProfileField>(["firstName", "lastName", "login", "email"]);

const ACTIVATION_HINTS: Record<ActivationChoice, string> = {
  email: "Okta emails them a link to set their password and sign in.",
  temp_password: "You give them a temporary password; Okta asks them to change it at first sign-in.",
  staged: "The account exists but cannot sign in until someone activates it.",
};

export function CreateUserForm({ slug, schema, ticketRequired, tenantName }: { slug: string; schema: FormSchema; ticketRequired: boolean; tenantName: string }) {
  const router = useRouter();
  const formRef = useRef<HTMLFormElement>(null);
  const [text, setText] = useState<Record<string, string>>({});
  const [groups, setGroups] = useState<ComboboxOption[]>([]);
  const [activation, setActivation] = useState<ActivationChoice>("email");
  const [ticketId, setTicketId] = useState("");
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [created, setCreated] = useState<CreatedUser | null>(null);
  const [pending, startTransition] = useTransition();
  const groupSource = useMemo(() => lookupSource(`/api/t/${encodeURIComponent(slug)}/groups/lookup`), [slug]);

  const set = (key: string) => (value: string) => {
    setText((t) => ({ ...t, [key]: value }));
    // A corrected field loses its old message (the next submit re-checks everything).
    if (errors[key]) setErrors((e) => ({ ...e, [key]: undefined }));
  };

  // Auto-fill the login from the primary email while the login is untouched: most orgs use the email.
  const [loginTouched, setLoginTouched] = useState(false);
  const setEmail = (value: string) => {
    set("profile.email")(value);
    if (!loginTouched) setText((t) => ({ ...t, "profile.login": value.trim() }));
  };

  const placed = new Set<string>([
    ...[...NAME_FIELDS, ...ACCOUNT_FIELDS, ...WORK_FIELDS].map((f) => `profile.${f}`),
    ...schema.custom.map((a) => `custom.${a.name}`),
    "groupIds",
    "activation",
    "ticketId",
  ]);

  function buildInput(): { input: unknown; errors: FieldErrors } {
    const errs: Record<string, string[]> = {};
    const profile: Record<string, string> = {};
    for (const f of [...NAME_FIELDS, ...ACCOUNT_FIELDS, ...WORK_FIELDS]) profile[f] = text[`profile.${f}`] ?? "";
    const custom: Record<string, unknown> = {};
    for (const attr of schema.custom) {
      const key = `custom.${attr.name}`;
      const r = textToValue(attr, text[key] ?? "");
      if (!r.ok) errs[key] = [r.error];
      else if (r.value === undefined && attr.required) errs[key] = [`Enter the ${attr.title.toLowerCase()}.`];
      else if (r.value !== undefined) custom[attr.name] = r.value;
    }
    const input = { profile, custom, groupIds: groups.map((g) => g.id), activation };
    const parsed = createUserSchema.safeParse(input);
    if (!parsed.success) Object.assign(errs, zodFieldErrors(parsed.error.issues));
    const ticket = ticketIdField.safeParse(ticketId);
    if (!ticket.success) errs.ticketId = ticket.error.issues.map((i) => i.message);
    else if (ticketRequired && !ticket.data) errs.ticketId = [`${tenantName} requires a ticket ID for every change.`];
    return { input: { ...input, ticketId: ticket.success ? ticket.data : undefined }, errors: errs };
  }

  function submit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (pending) return;
    setFormError(null);
    const built = buildInput();
    if (Object.keys(built.errors).length) {
      setErrors(built.errors);
      setFormError("Check the highlighted fields.");
      focusFirstInvalid(formRef.current);
      return;
    }
    setErrors({});
    startTransition(async () => {
      const result = await createUser(slug, built.input as Parameters<typeof createUser>[1]);
      if (!result.ok) {
        const fe = result.fieldErrors ?? {};
        setErrors(fe);
        const stray = unplacedErrors(fe, placed);
        setFormError([...new Set([result.error, ...stray])].join(" "));
        focusFirstInvalid(formRef.current);
        return;
      }
      const data = result.data;
      const userHref = `/t/${encodeURIComponent(slug)}/users/${encodeURIComponent(data.userId)}`;
      if (data.tempPassword || data.groupErrors?.length) {
        setCreated({ userId: data.userId, login: data.login, tempPassword: data.tempPassword, groupErrors: data.groupErrors, href: userHref, displayName: `${text["profile.firstName"] ?? ""} ${text["profile.lastName"] ?? ""}`.trim() });
      } else {
        notify.success(`${data.login} created.`);
        router.push(userHref);
      }
    });
  }

  const control = (f: BaseProfileField, extra: { onChange?: (v: string) => void; hint?: string } = {}) => {
    const key = `profile.${f}`;
    return (
      <AttributeControl
        key={key}
        attr={{ ...schema.base[f], ...(extra.hint ? { description: extra.hint } : {}) }}
        fieldKey={key}
        value={text[key] ?? ""}
        onChange={extra.onChange ?? set(key)}
        errors={errorsFor(errors, key)}
        required={REQUIRED_BASE.has(f)}
      />
    );
  };

  return (
    <>
      <form ref={formRef} noValidate onSubmit={submit} aria-busy={pending || undefined} className="space-y-6" aria-label="Create user">
        {formError ? <Alert tone="error">{formError}</Alert> : null}
        <FormSection title="Person" description="Name, sign-in and how to reach them.">
          <div className="grid gap-4 sm:grid-cols-2">
            {control("firstName")}
            {control("lastName")}
            {control("email", { onChange: setEmail })}
            {control("login", {
              onChange: (v) => {
                setLoginTouched(true);
                set("profile.login")(v);
              },
              hint: "What they sign in with; usually their email address. Unique in the org.",
            })}
            {control("secondEmail")}
            {control("mobilePhone")}
          </div>
        </FormSection>

        <FormSection title="Work" description="Where they sit in the organisation.">
          <div className="grid gap-4 sm:grid-cols-3">{WORK_FIELDS.map((f) => control(f))}</div>
        </FormSection>

        {schema.custom.length || schema.unavailable ? (
          <FormSection title="Custom attributes" description={`Defined in ${tenantName}'s Okta user profile.`}>
            {schema.unavailable ? <Alert tone="warning">{schema.unavailable}</Alert> : null}
            <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
              {schema.custom.map((attr) => {
                const key = `custom.${attr.name}`;
                return <AttributeControl key={key} attr={attr} fieldKey={key} value={text[key] ?? ""} onChange={set(key)} errors={errorsFor(errors, key)} />;
              })}
            </div>
          </FormSection>
        ) : null}

        <FormSection title="Group membership" description="Okta adds them to these groups right after creating them.">
          <LazyCombobox
            label="Groups"
            noun="groups"
            showStatus={false}
            multiple
            source={groupSource}
            value={groups}
            onChange={(v) => {
              setGroups(v);
              if (errors.groupIds) setErrors((e) => ({ ...e, groupIds: undefined }));
            }}
            placeholder="Search groups by name…"
            errors={errorsFor(errors, "groupIds")}
            hint="Apps and policies assigned to a group follow membership."
          />
        </FormSection>

        <FormSection title="Activation" description="How the account starts.">
          <fieldset aria-describedby={errors.activation ? "activation-error" : undefined}>
            <legend className="sr-only">Activation</legend>
            <div className="grid gap-3 lg:grid-cols-3">
              {ACTIVATION_CHOICES.map((choice) => (
                <label
                  key={choice}
                  className="flex cursor-pointer gap-3 rounded-md border border-slate-200 p-3 text-sm has-[:checked]:border-indigo-500 has-[:checked]:bg-indigo-50/60 has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-indigo-600"
                >
                  <input
                    type="radio"
                    name="activation"
                    value={choice}
                    checked={activation === choice}
                    onChange={() => setActivation(choice)}
                    className="mt-0.5 h-4 w-4 border-slate-300 text-indigo-600 focus:ring-indigo-600"
                  />
                  <span>
                    <span className="block font-medium text-slate-900">{ACTIVATION_LABELS[choice]}</span>
                    <span className="mt-0.5 block text-xs text-slate-500">{ACTIVATION_HINTS[choice]}</span>
                  </span>
                </label>
              ))}
            </div>
            {errors.activation?.length ? (
              <p id="activation-error" role="alert" className="mt-2 text-xs text-rose-700">
                {errors.activation.join(" ")}
              </p>
            ) : null}
          </fieldset>
        </FormSection>

        <div className="flex flex-col gap-4 rounded-lg border border-slate-200 bg-white px-5 py-4 shadow-sm sm:flex-row sm:items-end sm:justify-between">
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
          <div className="flex gap-2 sm:justify-end">
            <ButtonLink href={`/t/${encodeURIComponent(slug)}/users`} variant="secondary" aria-disabled={pending || undefined}>
              Cancel
            </ButtonLink>
            <Button type="submit" disabled={pending}>
              {pending ? "Creating…" : "Create user"}
            </Button>
          </div>
        </div>
      </form>
      <CreatedUserDialog
        created={created}
        onClose={() => {
          const href = created?.href;
          setCreated(null);
          if (href) router.push(href);
        }}
      />
    </>
  );
}
