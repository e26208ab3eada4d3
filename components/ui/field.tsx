import { useId, type ComponentProps, type ReactNode } from "react";
import { cn } from "./cn";

const CONTROL =
  "block w-full rounded-md border-0 bg-white px-3 py-1.5 text-sm text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 placeholder:text-slate-400 focus:ring-2 focus:ring-inset focus:ring-indigo-600 disabled:bg-slate-50 disabled:text-slate-500";

interface FieldProps {
  label: string;
  hint?: ReactNode;
  errors?: string[];
}

function FieldShell({ id, label, hint, errors, children }: FieldProps & { id: string; children: ReactNode }) {
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      {children}
      {hint && !errors?.length ? (
        <p id={`${id}-hint`} className="text-xs text-slate-500">
          {hint}
        </p>
      ) : null}
      {/* role="alert": an error that appears after submitting is announced, not only styled. */}
      {errors?.length ? (
        <p id={`${id}-error`} role="alert" className="text-xs text-rose-700">
          {errors.join(" ")}
        </p>
      ) : null}
    </div>
  );
}

function describedBy(id: string, hint: ReactNode, errors?: string[]) {
  if (errors?.length) return `${id}-error`;
  return hint ? `${id}-hint` : undefined;
}

export function TextField({ label, hint, errors, className, id, ...props }: FieldProps & ComponentProps<"input">) {
  const generated = useId();
  const fieldId = id ?? generated;
  return (
    <FieldShell id={fieldId} label={label} hint={hint} errors={errors}>
      <input
        id={fieldId}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={describedBy(fieldId, hint, errors)}
        className={cn(CONTROL, errors?.length ? "ring-rose-400" : undefined, className)}
        {...props}
      />
    </FieldShell>
  );
}

export function TextAreaField({ label, hint, errors, className, id, ...props }: FieldProps & ComponentProps<"textarea">) {
  const generated = useId();
  const fieldId = id ?? generated;
  return (
    <FieldShell id={fieldId} label={label} hint={hint} errors={errors}>
      <textarea
        id={fieldId}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={describedBy(fieldId, hint, errors)}
        className={cn(CONTROL, "font-mono", className)}
        {...props}
      />
    </FieldShell>
  );
}

export function SelectField({
  label,
  hint,
  errors,
  options,
  className,
  id,
  ...props
}: FieldProps & ComponentProps<"select"> & { options: ReadonlyArray<{ value: string; label: string }> }) {
  const generated = useId();
  const fieldId = id ?? generated;
  return (
    <FieldShell id={fieldId} label={label} hint={hint} errors={errors}>
      <select
        id={fieldId}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={describedBy(fieldId, hint, errors)}
        className={cn(CONTROL, className)}
        {...props}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldShell>
  );
}

export function CheckboxField({ label, hint, id, ...props }: { label: string; hint?: ReactNode } & ComponentProps<"input">) {
  const generated = useId();
  const fieldId = id ?? generated;
  return (
    <div className="flex items-start gap-3">
      <input id={fieldId} type="checkbox" className="mt-0.5 h-4 w-4 rounded border-slate-300 text-indigo-600 focus:ring-indigo-600" {...props} />
      <div>
        <label htmlFor={fieldId} className="text-sm font-medium text-slate-800">
          {label}
        </label>
        {hint ? <p className="text-xs text-slate-500">{hint}</p> : null}
      </div>
    </div>
  );
}

/**
 * The Ticket ID input of a change form (the wrapper checks it with lib/actions/ticket.ts): one label,
 * length and hint rule. `ticketRequired` names the field as required (pass `required` as well for the
 * browser's own check); `orgName` words the hint of an org that requires tickets.
 */
export function TicketIdField({
  ticketRequired = false,
  orgName,
  hint,
  ...props
}: { ticketRequired?: boolean; orgName?: string } & Omit<FieldProps, "label"> & ComponentProps<"input">) {
  return (
    <TextField
      label={ticketRequired ? "Ticket ID" : "Ticket ID (optional)"}
      maxLength={64}
      autoComplete="off"
      hint={hint ?? (ticketRequired && orgName ? `${orgName} requires one for every change.` : "Recorded with this change in the audit log.")}
      {...props}
    />
  );
}
