"use client";

import { useId, useLayoutEffect, useRef, useState, type ComponentProps, type ComponentType } from "react";
import { cn } from "./cn";
import { ComboboxNotes } from "./combobox-notes";
import type { Combobox } from "./combobox";
import { SearchIcon } from "./search-icon";

type ComboboxProps = ComponentProps<typeof Combobox>;

// cmdk and Radix Popover (~30 kB gzip with their shared Radix parts) are no part of a page's first
// load: the field is a look-alike until the pointer comes over it or it takes focus (a click, Tab, a
// dialog focusing it), then the real Combobox takes its place, with the focus and any text typed.
let loading: Promise<ComponentType<ComboboxProps>> | null = null;
const load = () =>
  (loading ??= import("./combobox").then(
    (m) => m.Combobox,
    (error: unknown) => {
      // Not loaded (offline, a new deployment): the next intent tries again.
      loading = null;
      throw error;
    },
  ));

/** The Combobox (combobox.tsx, see there), loaded on intent (see above). Same props. */
export function LazyCombobox(props: ComboboxProps) {
  const [Real, setReal] = useState<{ component: ComponentType<ComboboxProps>; focus: boolean } | null>(null);
  const [typed, setTyped] = useState("");
  const box = useRef<HTMLDivElement>(null);
  const id = useId();
  const intent = () => {
    load().then(
      (component) => setReal((r) => r ?? { component, focus: Boolean(box.current?.contains(document.activeElement)) }),
      () => {},
    );
  };
  if (Real) {
    return (
      <div ref={box}>
        <FocusInput when={Real.focus} box={box} />
        <Real.component {...props} defaultQuery={typed} />
      </div>
    );
  }
  const { label, hint, errors, value, onChange, multiple = false, name, placeholder = "Type to search…", disabled = false, className } = props;
  const invalid = Boolean(errors?.length);
  const describedBy = invalid ? `${id}-error` : hint ? `${id}-hint` : undefined;
  const showChipsOnly = !multiple && value.length > 0 && typed === "";
  return (
    <div ref={box} onPointerEnter={intent} onFocus={intent}>
      <div className={cn("space-y-1", className)}>
        <div className="block text-sm font-medium text-slate-800" aria-hidden>
          {label}
        </div>
        <div
          className={cn(
            "flex min-h-9 w-full flex-wrap items-center gap-1.5 rounded-md bg-white px-2 py-1 text-sm shadow-sm ring-1 ring-inset ring-slate-300 focus-within:ring-2 focus-within:ring-indigo-600",
            invalid && "ring-rose-400",
            disabled && "bg-slate-50",
          )}
        >
          <SearchIcon className="ml-0.5 h-4 w-4 shrink-0 text-slate-400" />
          {value.map((v) => (
            <span key={v.id} className="inline-flex max-w-full items-center gap-1 rounded bg-indigo-50 py-0.5 pl-2 pr-1 text-xs font-medium text-indigo-800 ring-1 ring-inset ring-indigo-200">
              <span className="truncate">{v.label}</span>
              <button
                type="button"
                aria-label={`Remove ${v.label}`}
                disabled={disabled}
                onClick={() => onChange(value.filter((x) => x.id !== v.id))}
                className="grid h-4 w-4 place-items-center rounded text-indigo-500 hover:bg-indigo-100 hover:text-indigo-800"
              >
                <svg aria-hidden viewBox="0 0 16 16" className="h-3 w-3" fill="currentColor">
                  <path d="M4.28 3.22a.75.75 0 0 0-1.06 1.06L6.94 8l-3.72 3.72a.75.75 0 1 0 1.06 1.06L8 9.06l3.72 3.72a.75.75 0 1 0 1.06-1.06L9.06 8l3.72-3.72a.75.75 0 0 0-1.06-1.06L8 6.94 4.28 3.22Z" />
                </svg>
              </button>
            </span>
          ))}
          <input
            // Collapsed, it has no list yet to point at (aria-controls): the real Combobox replaces it first.
            // eslint-disable-next-line jsx-a11y/role-has-required-aria-props
            role="combobox"
            aria-expanded={false}
            aria-autocomplete="list"
            aria-label={label}
            aria-invalid={invalid || undefined}
            aria-describedby={describedBy}
            autoComplete="off"
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
            disabled={disabled}
            placeholder={showChipsOnly ? "" : value.length && multiple ? "Add another…" : placeholder}
            className="h-7 min-w-[8rem] flex-1 border-0 bg-transparent p-0 text-sm text-slate-900 placeholder:text-slate-400 focus:outline-none focus:ring-0"
          />
        </div>
        <ComboboxNotes id={id} name={name} value={value} hint={hint} errors={errors} />
      </div>
    </div>
  );
}

/** The real field's input takes the focus its stand-in had, caret at the end of the text. */
function FocusInput({ when, box }: { when: boolean; box: React.RefObject<HTMLDivElement | null> }) {
  useLayoutEffect(() => {
    if (!when) return;
    const input = box.current?.querySelector<HTMLInputElement>('input[role="combobox"]');
    input?.focus();
    input?.setSelectionRange(input.value.length, input.value.length);
  }, [when, box]);
  return null;
}
