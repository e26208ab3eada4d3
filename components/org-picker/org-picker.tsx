"use client";

import { usePathname, useRouter } from "next/navigation";
import { useCallback, useEffect, useId, useMemo, useRef, useState, useSyncExternalStore, type KeyboardEvent } from "react";
import { cn } from "@/components/ui/cn";
import { MASTERY_LABELS, type Mastery } from "@/lib/tenants/schemas";
import { pickerSections } from "./filter";
import type { OrgPickerOrg } from "./types";

const masteryLabel = (m: string) => MASTERY_LABELS[m as Mastery] ?? m;
const noSubscribe = () => () => {};
/** "⌘K" on Apple platforms; decided after hydration (the server renders "Ctrl K"). */
const useIsMac = () => useSyncExternalStore(noSubscribe, () => /Mac|iPhone|iPad/.test(navigator.platform), () => false);

/**
 * The top bar's org picker: a WAI-ARIA combobox (input + listbox). Ctrl/Cmd+K focuses it from
 * anywhere; typing filters by name, slug or tag; arrow keys, Home/End move; Enter opens the org;
 * Escape closes the list (a second Escape clears the text). Recent orgs come first.
 */
export function OrgPicker({ orgs }: { orgs: OrgPickerOrg[] }) {
  const router = useRouter();
  const pathname = usePathname();
  const currentSlug = /^\/t\/([^/]+)/.exec(pathname)?.[1];
  const current = orgs.find((o) => o.slug === currentSlug);

  const inputRef = useRef<HTMLInputElement>(null);
  const rootRef = useRef<HTMLDivElement>(null);
  const listId = useId();
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState("");
  const [active, setActive] = useState(0);
  const isMac = useIsMac();

  const sections = useMemo(() => pickerSections(orgs, query), [orgs, query]);
  const flat = useMemo(() => sections.flatMap((s) => s.orgs), [sections]);
  const activeOrg = open ? flat[Math.min(active, flat.length - 1)] : undefined;
  const optionId = (slug: string) => `${listId}-opt-${slug}`;

  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === "k") {
        e.preventDefault();
        inputRef.current?.focus();
        inputRef.current?.select();
        setOpen(true);
      }
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);

  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (!rootRef.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener("mousedown", onDown);
    return () => document.removeEventListener("mousedown", onDown);
  }, [open]);

  // Keep the active option in view while moving with the keyboard.
  useEffect(() => {
    if (activeOrg) document.getElementById(optionId(activeOrg.slug))?.scrollIntoView({ block: "nearest" });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [activeOrg?.slug]);

  const go = useCallback(
    (org: OrgPickerOrg) => {
      setOpen(false);
      setQuery("");
      inputRef.current?.blur();
      router.push(`/t/${org.slug}`);
    },
    [router],
  );

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    switch (e.key) {
      case "ArrowDown":
        e.preventDefault();
        if (!open) {
          setOpen(true);
          setActive(0);
        } else setActive((i) => (flat.length ? (i + 1) % flat.length : 0));
        break;
      case "ArrowUp":
        e.preventDefault();
        if (!open) {
          setOpen(true);
          setActive(Math.max(flat.length - 1, 0));
        } else setActive((i) => (flat.length ? (i - 1 + flat.length) % flat.length : 0));
        break;
      case "Home":
        if (open) {
          e.preventDefault();
          setActive(0);
        }
        break;
      case "End":
        if (open) {
          e.preventDefault();
          setActive(Math.max(flat.length - 1, 0));
        }
        break;
      case "Enter":
        if (open && activeOrg) {
          e.preventDefault();
          go(activeOrg);
        }
        break;
      case "Escape":
        e.preventDefault();
        if (open) setOpen(false);
        else if (query) setQuery("");
        else inputRef.current?.blur();
        break;
      case "Tab":
        setOpen(false);
        break;
    }
  };

  return (
    <div ref={rootRef} className="relative w-full max-w-md">
      <label htmlFor={`${listId}-input`} className="sr-only">
        Go to org
      </label>
      <div className="relative">
        <svg aria-hidden viewBox="0 0 20 20" fill="currentColor" className="pointer-events-none absolute left-2.5 top-1/2 h-4 w-4 -translate-y-1/2 text-slate-400">
          <path
            fillRule="evenodd"
            d="M9 3.5a5.5 5.5 0 1 0 3.4 9.83l3.63 3.64a.75.75 0 1 0 1.06-1.06l-3.63-3.64A5.5 5.5 0 0 0 9 3.5ZM5 9a4 4 0 1 1 8 0 4 4 0 0 1-8 0Z"
            clipRule="evenodd"
          />
        </svg>
        <input
          ref={inputRef}
          id={`${listId}-input`}
          type="text"
          role="combobox"
          aria-expanded={open}
          aria-controls={`${listId}-list`}
          aria-autocomplete="list"
          aria-activedescendant={activeOrg ? optionId(activeOrg.slug) : undefined}
          aria-keyshortcuts="Control+K Meta+K"
          autoComplete="off"
          spellCheck={false}
          placeholder={current ? current.name : "Go to org…"}
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setActive(0);
            setOpen(true);
          }}
          onFocus={() => {
            setOpen(true);
            setActive(0);
          }}
          onClick={() => setOpen(true)}
          onKeyDown={onKeyDown}
          className={cn(
            "block h-9 w-full rounded-md border-0 bg-slate-100 pl-8 pr-16 text-sm text-slate-900 ring-1 ring-inset ring-transparent",
            "placeholder:text-slate-500 focus:bg-white focus:ring-2 focus:ring-indigo-600",
            current && "placeholder:font-medium placeholder:text-slate-800",
          )}
        />
        <kbd aria-hidden className="pointer-events-none absolute right-2 top-1/2 -translate-y-1/2 rounded border border-slate-300 bg-white px-1.5 font-sans text-[11px] text-slate-500">
          {isMac ? "⌘K" : "Ctrl K"}
        </kbd>
      </div>
      <div
        id={`${listId}-list`}
        role="listbox"
        aria-label="Orgs"
        hidden={!open}
        className="absolute left-0 right-0 z-30 mt-1 max-h-96 overflow-y-auto rounded-md border border-slate-200 bg-white py-1 shadow-lg"
      >
        {flat.length === 0 ? (
          <p role="presentation" className="px-3 py-6 text-center text-sm text-slate-500">
            {orgs.length === 0 ? "You don't have access to any org yet." : `No org matches “${query}”.`}
          </p>
        ) : (
          sections.map((section) => (
            <div key={section.id} role="group" aria-labelledby={`${listId}-${section.id}`}>
              <p id={`${listId}-${section.id}`} role="presentation" className="px-3 pb-1 pt-2 text-xs font-semibold uppercase tracking-wide text-slate-400">
                {section.label}
              </p>
              {section.orgs.map((org) => {
                const isActive = activeOrg?.slug === org.slug;
                return (
                  <div
                    key={org.slug}
                    id={optionId(org.slug)}
                    role="option"
                    aria-selected={isActive}
                    aria-labelledby={`${optionId(org.slug)}-name`}
                    aria-describedby={`${optionId(org.slug)}-desc`}
                    aria-current={org.slug === currentSlug ? "page" : undefined}
                    onMouseDown={(e) => e.preventDefault()}
                    onMouseMove={() => setActive(flat.indexOf(org))}
                    onClick={() => go(org)}
                    className={cn("flex cursor-pointer items-center justify-between gap-3 px-3 py-2 text-sm", isActive ? "bg-indigo-50" : "bg-white")}
                  >
                    <span className="min-w-0">
                      <span className={cn("block truncate font-medium", isActive ? "text-indigo-800" : "text-slate-900")}>
                        <span id={`${optionId(org.slug)}-name`}>{org.name}</span>
                        {org.slug === currentSlug ? <span className="ml-2 text-xs font-normal text-slate-500">(current)</span> : null}
                      </span>
                      <span id={`${optionId(org.slug)}-desc`} className="block truncate text-xs text-slate-500">
                        {org.slug}
                        {org.tags.length ? ` · ${org.tags.join(", ")}` : ""}
                        <span className="sr-only"> · users mastered in {masteryLabel(org.mastery)}</span>
                      </span>
                    </span>
                    <span aria-hidden className="shrink-0 rounded-full bg-slate-100 px-2 py-0.5 text-xs text-slate-600">{masteryLabel(org.mastery)}</span>
                  </div>
                );
              })}
            </div>
          ))
        )}
      </div>
    </div>
  );
}
