"use client";

import { usePathname, useRouter } from "next/navigation";
import { useEffect, useMemo, useState, useSyncExternalStore } from "react";
import { cn } from "@/components/ui/cn";
import { CommandDialog, CommandEmpty, CommandGroup, CommandInput, CommandItem, CommandList, SearchIcon } from "@/components/ui/command";
import { MASTERY_LABELS, type Mastery } from "@/lib/tenants/schemas";
import { pickerSections } from "./filter";
import { isPaletteShortcut, isTextEntry } from "./shortcut";
import type { OrgPickerOrg } from "./types";

const masteryLabel = (m: string) => MASTERY_LABELS[m as Mastery] ?? m;
const noSubscribe = () => () => {};
/** "⌘K" on Apple platforms; decided after hydration (the server renders "Ctrl K"). */
const useIsMac = () => useSyncExternalStore(noSubscribe, () => /Mac|iPhone|iPad/.test(navigator.platform), () => false);

/**
 * The top bar's org picker: a button that opens the org palette (cmdk in a modal dialog). Ctrl/Cmd+K
 * opens it from anywhere except a text field (where the keys belong to the field) and never while an
 * IME is composing. Typing filters by name, slug or tag with our own ranking (filter.ts; cmdk's
 * filter is off); arrow keys, Home/End move; Enter opens the org; Escape closes and focus returns to
 * the button. Recent orgs come first.
 */
export function OrgPicker({ orgs }: { orgs: OrgPickerOrg[] }) {
  const router = useRouter();
  const pathname = usePathname();
  const currentSlug = /^\/t\/([^/]+)/.exec(pathname)?.[1];
  const current = orgs.find((o) => o.slug === currentSlug);
  const isMac = useIsMac();

  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState("");
  const sections = useMemo(() => pickerSections(orgs, query), [orgs, query]);
  // The active option follows the ranking: the best match is active after every keystroke.
  const bestFor = (q: string) => pickerSections(orgs, q)[0]?.orgs[0]?.slug ?? "";
  const [active, setActive] = useState(() => bestFor(""));
  const search = (q: string) => {
    setQuery(q);
    setActive(bestFor(q));
  };

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!isPaletteShortcut(e)) return;
      if (isTextEntry((e.target as HTMLElement | null) ?? document.activeElement)) return;
      e.preventDefault();
      setOpen(true);
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);

  const onOpenChange = (next: boolean) => {
    setOpen(next);
    if (!next) search("");
  };

  const go = (slug: string) => {
    onOpenChange(false);
    router.push(`/t/${slug}`);
  };

  return (
    <>
      <button
        type="button"
        aria-haspopup="dialog"
        aria-expanded={open}
        aria-keyshortcuts="Control+K Meta+K"
        aria-label={current ? `Go to org (current: ${current.name})` : "Go to org"}
        onClick={() => setOpen(true)}
        className={cn(
          "relative flex h-9 w-full max-w-md items-center rounded-md bg-slate-100 pl-8 pr-3 text-left sm:pr-16 text-sm text-slate-500 ring-1 ring-inset ring-transparent",
          "hover:bg-slate-200/70 focus-visible:bg-white focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-indigo-600",
        )}
      >
        <SearchIcon className="pointer-events-none absolute left-2.5 top-1/2 h-4 w-4 -translate-y-1/2 text-slate-400" />
        <span className={cn("truncate", current && "font-medium text-slate-800")}>{current ? current.name : "Go to org…"}</span>
        <kbd aria-hidden className="pointer-events-none absolute right-2 top-1/2 hidden -translate-y-1/2 rounded sm:block border border-slate-300 bg-white px-1.5 font-sans text-[11px] text-slate-500">
          {isMac ? "⌘K" : "Ctrl K"}
        </kbd>
      </button>
      <CommandDialog
        open={open}
        onOpenChange={onOpenChange}
        title="Go to org"
        description="Type a name, slug or tag. Arrow keys move, Enter opens the org, Escape closes."
        commandProps={{ shouldFilter: false, value: active, onValueChange: setActive, loop: true }}
      >
        <CommandInput value={query} onValueChange={search} placeholder={current ? `${current.name} · go to another org…` : "Go to org…"} />
        <CommandList label="Orgs">
          <CommandEmpty>{orgs.length === 0 ? "You don't have access to any org yet." : `No org matches “${query}”.`}</CommandEmpty>
          {sections.map((section) => (
            <CommandGroup key={section.id} heading={section.label}>
              {section.orgs.map((org) => (
                <CommandItem key={org.slug} value={org.slug} onSelect={go} aria-current={org.slug === currentSlug ? "page" : undefined} className="group">
                  <span className="min-w-0">
                    <span className="block truncate font-medium text-slate-900 group-data-[selected=true]:text-indigo-800">
                      {org.name}
                      {org.slug === currentSlug ? <span className="ml-2 text-xs font-normal text-slate-500">(current)</span> : null}
                    </span>
                    <span className="block truncate text-xs text-slate-500">
                      {org.slug}
                      {org.tags.length ? ` · ${org.tags.join(", ")}` : ""}
                      <span className="sr-only"> · users mastered in {masteryLabel(org.mastery)}</span>
                    </span>
                  </span>
                  <span aria-hidden className="shrink-0 rounded-full bg-slate-100 px-2 py-0.5 text-xs text-slate-600">
                    {masteryLabel(org.mastery)}
                  </span>
                </CommandItem>
              ))}
            </CommandGroup>
          ))}
        </CommandList>
        <p aria-hidden className="flex gap-4 border-t border-slate-200 px-3 py-2 text-xs text-slate-500">
          <span>↑↓ move</span>
          <span>Enter open</span>
          <span>Esc close</span>
        </p>
      </CommandDialog>
    </>
  );
}
