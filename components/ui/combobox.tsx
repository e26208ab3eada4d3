"use client";

import { Command as Cmdk } from "cmdk";
import { useCallback, useEffect, useId, useLayoutEffect, useRef, useState, type KeyboardEvent, type ReactNode } from "react";
import { cn } from "./cn";
import { ComboboxNotes } from "./combobox-notes";
import { Command, CommandItem, CommandList, SearchIcon } from "./command";
import { Popover, PopoverAnchor, PopoverContent } from "./popover";
import type { ComboboxOption, ComboboxSource } from "./combobox-source";

// In their own module: a dialog body builds its source without loading cmdk (see combobox-lazy.tsx).
export { lookupSource, type ComboboxOption, type ComboboxSource } from "./combobox-source";

/** "LOCKED_OUT" -> "Locked out" when the source gives no label. */
function statusText(o: ComboboxOption): string | null {
  // The normal state says nothing worth a tag on every row.
  if (!o.status || o.status === "ACTIVE") return null;
  if (o.statusLabel) return o.statusLabel;
  const t = o.status.replace(/_/g, " ").toLowerCase();
  return t.charAt(0).toUpperCase() + t.slice(1);
}

type State =
  | { kind: "idle" }
  | { kind: "loading" }
  | { kind: "done"; items: ComboboxOption[] }
  | { kind: "error"; message: string };

/**
 * A typeahead picker: Radix Popover + cmdk, searching a server source as you type.
 *
 * - Debounced (`debounceMs`, 200 by default); a newer query aborts the request of the older one, so a
 *   slow stale answer never replaces a fresh one.
 * - `multiple`: the picks are chips, each with a labelled remove button; Backspace in the empty input
 *   removes the last chip. Single: one chip; picking another replaces it.
 * - Keyboard: typing opens the list, ArrowUp/Down (Home/End) move the active option
 *   (`aria-activedescendant`, the input keeps focus), Enter picks, Escape closes (a second Escape goes
 *   to whatever contains it, e.g. a dialog).
 * - The accessible name is `label` (the input is a `combobox` named by it; the visible label above
 *   the field is the same words). Loading, empty and error rows are in the list (the error row also
 *   says it in a live region).
 * - `name`: one hidden input per pick (`name=<id>`), so it works inside a plain `<form>` too.
 */
export function Combobox({
  label,
  hint,
  errors,
  source,
  value,
  onChange,
  multiple = false,
  name,
  placeholder = "Type to search…",
  disabled = false,
  debounceMs = 200,
  minChars = 1,
  noun = "results",
  showStatus = true,
  className,
  defaultQuery = "",
}: {
  label: string;
  hint?: ReactNode;
  errors?: string[];
  source: ComboboxSource;
  value: ComboboxOption[];
  onChange: (value: ComboboxOption[]) => void;
  multiple?: boolean;
  name?: string;
  placeholder?: string;
  disabled?: boolean;
  debounceMs?: number;
  minChars?: number;
  /** "groups", "users": for the empty and hint rows. */
  noun?: string;
  /** Show each option's status tag (off where the sublabel says it already). */
  showStatus?: boolean;
  className?: string;
  /** Text already typed before this mounted (LazyCombobox's stand-in, combobox-lazy.tsx). */
  defaultQuery?: string;
}) {
  const id = useId();
  const [open, setOpen] = useState(defaultQuery.trim() !== "");
  const [query, setQuery] = useState(defaultQuery);
  // The answer of the last finished search, with the query it answers.
  const [answer, setAnswer] = useState<{ query: string; result: State } | null>(null);
  const anchorRef = useRef<HTMLDivElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  // The latest source without re-running the search effect when a parent passes a new function.
  const sourceRef = useRef(source);
  useEffect(() => {
    sourceRef.current = source;
  }, [source]);

  const trimmed = query.trim();
  const searching = open && trimmed.length >= minChars;
  useEffect(() => {
    if (!searching) return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      sourceRef.current(trimmed, controller.signal).then(
        (items) => {
          if (!controller.signal.aborted) setAnswer({ query: trimmed, result: { kind: "done", items } });
        },
        (err: unknown) => {
          if (controller.signal.aborted) return;
          setAnswer({ query: trimmed, result: { kind: "error", message: err instanceof Error && err.message ? err.message : "The search failed." } });
        },
      );
    }, debounceMs);
    // A newer query (or closing) cancels the timer and aborts the request in flight.
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [trimmed, searching, debounceMs]);
  const state: State = !searching ? { kind: "idle" } : answer?.query === trimmed ? answer.result : { kind: "loading" };

  // cmdk's input always says aria-expanded="true"; say what is true.
  useLayoutEffect(() => {
    inputRef.current?.setAttribute("aria-expanded", String(open));
  });

  const selectedIds = new Set(value.map((v) => v.id));
  const pick = useCallback(
    (option: ComboboxOption) => {
      if (multiple) {
        onChange(selectedIds.has(option.id) ? value.filter((v) => v.id !== option.id) : [...value, option]);
        setQuery("");
        inputRef.current?.focus();
      } else {
        onChange([option]);
        setQuery("");
        setOpen(false);
      }
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [multiple, onChange, value],
  );

  const remove = (option: ComboboxOption) => {
    onChange(value.filter((v) => v.id !== option.id));
    inputRef.current?.focus();
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.nativeEvent.isComposing) return;
    if (e.key === "Backspace" && query === "" && value.length > 0) {
      e.preventDefault();
      onChange(value.slice(0, -1));
      return;
    }
    if (e.key === "Escape" && open) {
      // Close the list only; Radix would also see it, but this keeps a containing dialog open.
      e.preventDefault();
      e.stopPropagation();
      setOpen(false);
      return;
    }
    if ((e.key === "ArrowDown" || e.key === "ArrowUp") && !open) {
      e.preventDefault();
      setOpen(true);
    }
  };

  const invalid = Boolean(errors?.length);
  const describedBy = invalid ? `${id}-error` : hint ? `${id}-hint` : undefined;
  const showChipsOnly = !multiple && value.length > 0 && query === "";

  return (
    <div className={cn("space-y-1", className)}>
      {/* The visible label; the input's accessible name is the same text (cmdk's label element). */}
      <div className="block text-sm font-medium text-slate-800" aria-hidden onClick={() => inputRef.current?.focus()}>
        {label}
      </div>
      <Popover open={open && !disabled} onOpenChange={setOpen}>
        <Command label={label} shouldFilter={false} loop className="overflow-visible bg-transparent">
          <PopoverAnchor asChild>
            <div
              ref={anchorRef}
              className={cn(
                "flex min-h-9 w-full flex-wrap items-center gap-1.5 rounded-md bg-white px-2 py-1 text-sm shadow-sm ring-1 ring-inset ring-slate-300 focus-within:ring-2 focus-within:ring-indigo-600",
                invalid && "ring-rose-400",
                disabled && "bg-slate-50",
              )}
              onClick={(e) => {
                if (e.target === e.currentTarget) inputRef.current?.focus();
              }}
            >
              <SearchIcon className="ml-0.5 h-4 w-4 shrink-0 text-slate-400" />
              {value.map((v) => (
                <span key={v.id} className="inline-flex max-w-full items-center gap-1 rounded bg-indigo-50 py-0.5 pl-2 pr-1 text-xs font-medium text-indigo-800 ring-1 ring-inset ring-indigo-200">
                  <span className="truncate">{v.label}</span>
                  <button
                    type="button"
                    aria-label={`Remove ${v.label}`}
                    disabled={disabled}
                    onClick={() => remove(v)}
                    className="grid h-4 w-4 place-items-center rounded text-indigo-500 hover:bg-indigo-100 hover:text-indigo-800"
                  >
                    <svg aria-hidden viewBox="0 0 16 16" className="h-3 w-3" fill="currentColor">
                      <path d="M4.28 3.22a.75.75 0 0 0-1.06 1.06L6.94 8l-3.72 3.72a.75.75 0 1 0 1.06 1.06L8 9.06l3.72 3.72a.75.75 0 1 0 1.06-1.06L9.06 8l3.72-3.72a.75.75 0 0 0-1.06-1.06L8 6.94 4.28 3.22Z" />
                    </svg>
                  </button>
                </span>
              ))}
              <Cmdk.Input
                ref={inputRef}
                value={query}
                onValueChange={(v) => {
                  setQuery(v);
                  if (!open && v.trim() !== "") setOpen(true);
                }}
                onKeyDown={onKeyDown}
                onFocus={() => {
                  if (query.trim() !== "") setOpen(true);
                }}
                disabled={disabled}
                aria-invalid={invalid || undefined}
                aria-describedby={describedBy}
                placeholder={showChipsOnly ? "" : value.length && multiple ? "Add another…" : placeholder}
                className="h-7 min-w-[8rem] flex-1 border-0 bg-transparent p-0 text-sm text-slate-900 placeholder:text-slate-400 focus:outline-none focus:ring-0"
              />
            </div>
          </PopoverAnchor>
          <PopoverContent
            className="w-[var(--radix-popover-trigger-width)] min-w-64 p-0"
            onOpenAutoFocus={(e) => e.preventDefault()}
            onCloseAutoFocus={(e) => e.preventDefault()}
            onInteractOutside={(e) => {
              // Clicks in the field itself (chips, input) are not "outside".
              if (anchorRef.current?.contains(e.target as Node)) e.preventDefault();
            }}
          >
            <CommandList className="max-h-72" aria-busy={state.kind === "loading" || undefined}>
              {state.kind === "idle" ? <Row>Type to search {noun}.</Row> : null}
              {state.kind === "loading" ? (
                <Row>
                  <span className="inline-block h-3 w-3 animate-spin rounded-full border-2 border-slate-300 border-t-indigo-600" aria-hidden />
                  Searching…
                </Row>
              ) : null}
              {state.kind === "error" ? (
                <Row tone="error">
                  <span role="alert">{state.message}</span>
                </Row>
              ) : null}
              {state.kind === "done" && state.items.length === 0 ? <Row>No {noun} match “{trimmed}”.</Row> : null}
              {state.kind === "done"
                ? state.items.map((item) => {
                    const chosen = selectedIds.has(item.id);
                    return (
                      <CommandItem key={item.id} value={item.id} onSelect={() => pick(item)} aria-selected={undefined} data-chosen={chosen || undefined}>
                        <span className="min-w-0">
                          <span className="block truncate font-medium text-slate-900">{item.label}</span>
                          {item.sublabel ? <span className="block truncate text-xs text-slate-500">{item.sublabel}</span> : null}
                        </span>
                        <span className="flex shrink-0 items-center gap-2">
                          {showStatus && statusText(item) ? <span className="rounded bg-slate-100 px-1.5 py-0.5 text-[11px] font-medium text-slate-600">{statusText(item)}</span> : null}
                          {chosen ? (
                            <svg aria-label="Selected" role="img" viewBox="0 0 20 20" className="h-4 w-4 text-indigo-600" fill="currentColor">
                              <path fillRule="evenodd" d="M16.7 5.3a1 1 0 0 1 0 1.4l-7.5 7.5a1 1 0 0 1-1.4 0L3.3 9.7a1 1 0 1 1 1.4-1.4l3.8 3.8 6.8-6.8a1 1 0 0 1 1.4 0Z" clipRule="evenodd" />
                            </svg>
                          ) : null}
                        </span>
                      </CommandItem>
                    );
                  })
                : null}
            </CommandList>
          </PopoverContent>
        </Command>
      </Popover>
      <ComboboxNotes id={id} name={name} value={value} hint={hint} errors={errors} />
    </div>
  );
}

function Row({ children, tone }: { children: ReactNode; tone?: "error" }) {
  return <div className={cn("flex items-center gap-2 px-3 py-3 text-sm", tone === "error" ? "text-rose-700" : "text-slate-500")}>{children}</div>;
}
