import type { ReactNode } from "react";
import type { ComboboxOption } from "./combobox-source";

/**
 * Below a combobox field, shared by the real one and its look-alike (combobox-lazy.tsx): the chosen
 * ids as hidden form inputs, then the hint or the errors (ids `<id>-hint` / `<id>-error`, which the
 * field's aria-describedby names).
 */
export function ComboboxNotes({ id, name, value, hint, errors }: { id: string; name?: string; value: ComboboxOption[]; hint?: ReactNode; errors?: string[] }) {
  const invalid = Boolean(errors?.length);
  return (
    <>
      {name ? value.map((v) => <input key={v.id} type="hidden" name={name} value={v.id} />) : null}
      {hint && !invalid ? (
        <p id={`${id}-hint`} className="text-xs text-slate-500">
          {hint}
        </p>
      ) : null}
      {invalid ? (
        <p id={`${id}-error`} role="alert" className="text-xs text-rose-700">
          {errors!.join(" ")}
        </p>
      ) : null}
    </>
  );
}
