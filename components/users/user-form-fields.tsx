"use client";

// One control per profile attribute, shared by the create and edit forms: text, number, yes/no,
// a list of allowed values, or a comma-separated list, with the field's errors (client zod or Okta's
// errorCauses from the server) and, when the attribute is locked, the reason it is read-only.
import type { ReactNode } from "react";
import { Badge } from "@/components/ui/badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { SelectField, TextField } from "@/components/ui/field";
import type { FormAttribute } from "@/lib/users/form-model";

export type FieldErrors = Record<string, string[] | undefined>;

const INPUT_TYPES: Partial<Record<string, string>> = { email: "email", secondEmail: "email", mobilePhone: "tel", primaryPhone: "tel" };
const AUTOCOMPLETE: Partial<Record<string, string>> = { firstName: "off", lastName: "off", email: "off", login: "off" };

export function LockIcon({ className = "h-3.5 w-3.5" }: { className?: string }) {
  return (
    <svg aria-hidden viewBox="0 0 20 20" fill="currentColor" className={className}>
      <path
        fillRule="evenodd"
        d="M10 1a4.5 4.5 0 0 0-4.5 4.5V9H5a2 2 0 0 0-2 2v6a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2v-6a2 2 0 0 0-2-2h-.5V5.5A4.5 4.5 0 0 0 10 1Zm3 8V5.5a3 3 0 1 0-6 0V9h6Z"
        clipRule="evenodd"
      />
    </svg>
  );
}

function LockedHint({ reason }: { reason: string }) {
  return (
    <span className="flex items-start gap-1.5 text-slate-500">
      <LockIcon className="mt-px h-3.5 w-3.5 shrink-0 text-amber-600" />
      <span>{reason}</span>
    </span>
  );
}

const YES_NO: ReadonlyArray<{ value: string; label: string }> = [
  { value: "true", label: "Yes" },
  { value: "false", label: "No" },
];

/**
 * The control of one attribute. `fieldKey` is the key of its errors ("profile.login",
 * "custom.costCenter", "changes.email") and its DOM id; `lock` makes it read-only with the reason.
 */
export function AttributeControl({
  attr,
  fieldKey,
  value,
  onChange,
  errors,
  lock,
  required,
  label,
}: {
  attr: FormAttribute;
  fieldKey: string;
  value: string;
  onChange: (text: string) => void;
  errors?: string[];
  lock?: string;
  /** Overrides the schema's flag (e.g. the create form's required base fields). */
  required?: boolean;
  label?: string;
}) {
  const id = `field-${fieldKey.replace(/[^A-Za-z0-9_-]/g, "-")}`;
  const isRequired = required ?? attr.required;
  const title = label ?? attr.title;
  const hint: ReactNode = lock ? (
    <LockedHint reason={lock} />
  ) : attr.kind === "array" ? (
    "Separate several values with commas."
  ) : attr.description ? (
    attr.description
  ) : undefined;
  const common = { id, errors, hint, "data-field": fieldKey } as const;

  if (lock) {
    return <TextField {...common} label={title} value={value} readOnly aria-readonly className="bg-slate-50 text-slate-600 ring-slate-200" />;
  }
  // A yes/no attribute and an enum are both a choice from a list (an unknown current value stays selectable).
  const choices = attr.kind === "boolean" ? YES_NO : attr.options && attr.kind !== "array" ? attr.options : null;
  if (choices) {
    const known = choices.some((o) => o.value === value);
    return (
      <SelectField
        {...common}
        label={title}
        value={value}
        required={isRequired}
        onChange={(e) => onChange(e.target.value)}
        options={[{ value: "", label: isRequired ? "Choose…" : "Not set" }, ...(value && !known ? [{ value, label: value }] : []), ...choices]}
      />
    );
  }
  return (
    <TextField
      {...common}
      label={title}
      value={value}
      required={isRequired}
      onChange={(e) => onChange(e.target.value)}
      type={attr.date ? "date" : (INPUT_TYPES[attr.name] ?? "text")}
      inputMode={attr.kind === "integer" ? "numeric" : attr.kind === "number" ? "decimal" : undefined}
      maxLength={attr.kind === "string" ? attr.maxLength : undefined}
      autoComplete={AUTOCOMPLETE[attr.name] ?? "off"}
      spellCheck={attr.name === "login" || attr.name.toLowerCase().includes("email") ? false : undefined}
    />
  );
}

/** A titled group of fields in a card. */
export function FormSection({ title, description, children, aside }: { title: string; description?: ReactNode; children: ReactNode; aside?: ReactNode }) {
  return (
    <Card>
      <CardHeader title={title} description={description} actions={aside} />
      <CardBody className="py-5">{children}</CardBody>
    </Card>
  );
}

export function RequiredNote() {
  return (
    <Badge tone="neutral" className="font-normal">
      * required
    </Badge>
  );
}

/** The errors of `key` and of its nested keys ("custom.x" also shows "custom.x.0"). */
export function errorsFor(errors: FieldErrors, key: string): string[] | undefined {
  const out = Object.entries(errors)
    .filter(([k]) => k === key || k.startsWith(`${key}.`))
    .flatMap(([, v]) => v ?? []);
  return out.length ? out : undefined;
}

/** Field errors of a zod result, keyed by path ("profile.login"). */
export function zodFieldErrors(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of issues) {
    const key = issue.path.length ? issue.path.map(String).join(".") : "_form";
    (out[key] ??= []).push(issue.message);
  }
  return out;
}

/** After a refused submit: focus the first invalid control, so the technician lands on the problem. */
export function focusFirstInvalid(form: HTMLFormElement | null) {
  requestAnimationFrame(() => {
    const el = form?.querySelector<HTMLElement>('[aria-invalid="true"]');
    el?.focus();
  });
}
