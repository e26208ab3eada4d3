"use client";

import { useRouter } from "next/navigation";
import { useEffect, useMemo, useState } from "react";
import type { LookupItem } from "@/lib/users/lookups";
import { useCrossOrgSearch } from "@/components/search/use-cross-org-search";
import { cn } from "@/components/ui/cn";
import { CommandDialog, CommandEmpty, CommandGroup, CommandInput, CommandItem, CommandList } from "@/components/ui/command";
import { SearchIcon } from "@/components/ui/search-icon";
import { MASTERY_LABELS, type Mastery } from "@/lib/tenants/labels";
import { pickerSections } from "./filter";
import type { OrgPickerOrg } from "./types";

const masteryLabel = (m: string) => MASTERY_LABELS[m as Mastery] ?? m;

/**
 * The org palette behind the top bar's org picker (org-picker.tsx, which loads this module on intent
 * and owns `open`): cmdk in a modal dialog. Typing filters by name, slug or tag with our own ranking
 * (filter.ts; cmdk's filter is off); arrow keys, Home/End move; Enter opens the org; Escape closes and
 * focus returns to the element that opened it (the picker button, or wherever Ctrl/Cmd+K was pressed).
 * Recent orgs come first.
 *
 * Inside an org (/t/<slug>/...) where the staff member holds users.read, 2+ typed characters also
 * search that org's users (GET /api/t/<slug>/users/lookup: Okta's `q`, starts-with on first name,
 * last name and email), debounced, a stale request aborted by the next keystroke; the users follow the
 * orgs (the org ranking is untouched) and Enter on one opens /t/<slug>/users/<id>.
 *
 * Elsewhere (the dashboard, settings...), 2+ characters search people across every org where the staff
 * member holds users.read (GET /api/search, streamed: each org's matches appear as it answers, a few per
 * org). Either way a last option opens /search with the text for the full cross-org answer.
 */
export function OrgPalette({
  orgs,
  current,
  open,
  setOpen,
}: {
  orgs: OrgPickerOrg[];
  /** The org the current URL is inside, if any. */
  current: OrgPickerOrg | undefined;
  open: boolean;
  setOpen: (open: boolean) => void;
}) {
  const router = useRouter();
  const currentSlug = current?.slug;
  const [query, setQuery] = useState("");
  const sections = useMemo(() => pickerSections(orgs, query), [orgs, query]);
  // The active option follows the ranking: the best match is active after every keystroke.
  const bestFor = (q: string) => pickerSections(orgs, q)[0]?.orgs[0]?.slug ?? "";
  const [active, setActive] = useState(() => bestFor(""));
  const search = (q: string) => {
    setQuery(q);
    setActive(bestFor(q));
  };

  // Users of the current org (see above).
  const userSearch = open && current?.searchUsers === true && query.trim().length >= USER_SEARCH_MIN ? query.trim() : "";
  const users = useUserLookup(current?.slug, userSearch);
  const userOptions = users.q === userSearch ? users.items : [];
  // No org matches but users do: the first user is active, so Enter opens them.
  // Across orgs, outside an org (see above).
  const canSearchAll = orgs.some((o) => o.searchUsers);
  const crossSearch = open && canSearchAll && current?.searchUsers !== true && query.trim().length >= USER_SEARCH_MIN ? query.trim() : "";
  const cross = useCrossOrgSearch(crossSearch, { debounceMs: USER_SEARCH_DEBOUNCE_MS, enabled: crossSearch !== "" });
  const crossGroups = cross.q === crossSearch ? cross.orgs.filter((o) => o.status === "ok" && o.users.length > 0) : [];
  const crossOptions = crossGroups.flatMap((o) => (o.status === "ok" ? o.users.slice(0, CROSS_PER_ORG).map((u) => ({ org: o, user: u })) : [])).slice(0, CROSS_MAX);
  const crossFailed = cross.q === crossSearch ? cross.orgs.filter((o) => o.status === "error" || o.status === "timeout").length : 0;
  const firstUser = userOptions[0];
  const firstCross = crossOptions[0];
  const activeValue = active || (firstUser ? `user:${firstUser.id}` : firstCross ? `xuser:${firstCross.org.slug}:${firstCross.user.id}` : "");
  const searchAllText = canSearchAll && query.trim().length >= USER_SEARCH_MIN ? query.trim() : "";

  const onOpenChange = (next: boolean) => {
    setOpen(next);
    // Closed, the palette forgets the text: it opens empty next time.
    if (!next) search("");
  };

  const go = (slug: string) => {
    onOpenChange(false);
    router.push(`/t/${slug}`);
  };
  const goUser = (value: string) => {
    if (!current) return;
    onOpenChange(false);
    router.push(`/t/${encodeURIComponent(current.slug)}/users/${encodeURIComponent(value.slice("user:".length))}`);
  };
  const goHref = (href: string) => {
    onOpenChange(false);
    router.push(href);
  };
  const searchingUsers = userSearch !== "" && (users.q !== userSearch || users.loading);
  const searchingAll = crossSearch !== "" && (cross.q !== crossSearch || !cross.done);

  return (
    <CommandDialog
      open={open}
      onOpenChange={onOpenChange}
      title="Go to org"
      description={
        current?.searchUsers
          ? `Type a name, slug or tag, or two letters of a person in ${current.name}. Arrow keys move, Enter opens, Escape closes.`
          : orgs.some((o) => o.searchUsers)
            ? "Type a name, slug or tag, or two letters of a person in any of your orgs. Arrow keys move, Enter opens, Escape closes."
            : "Type a name, slug or tag. Arrow keys move, Enter opens the org, Escape closes."
      }
      commandProps={{ shouldFilter: false, value: activeValue, onValueChange: setActive, loop: true }}
    >
      <CommandInput value={query} onValueChange={search} placeholder={current ? `${current.name} · go to another org…` : "Go to org…"} />
      <CommandList label="Orgs">
        {searchingUsers || searchingAll || searchAllText ? null : (
          <CommandEmpty>
            {orgs.length === 0 ? "You don't have access to any org yet." : userSearch ? `No org or person in ${current!.name} matches “${query}”.` : `No org matches “${query}”.`}
          </CommandEmpty>
        )}
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
        {userSearch && current ? (
          <CommandGroup heading={`Users in ${current.name}`}>
            {userOptions.map((u) => (
              <CommandItem key={u.id} value={`user:${u.id}`} onSelect={goUser} className="group">
                <span className="min-w-0">
                  <span className="block truncate font-medium text-slate-900 group-data-[selected=true]:text-indigo-800">{u.label}</span>
                  {u.sublabel ? <span className="block truncate text-xs text-slate-500">{u.sublabel}</span> : null}
                </span>
                {u.statusLabel ? (
                  <span className={cn("shrink-0 rounded-full px-2 py-0.5 text-xs", u.status === "ACTIVE" ? "bg-emerald-50 text-emerald-700" : "bg-amber-50 text-amber-800")}>{u.statusLabel}</span>
                ) : null}
              </CommandItem>
            ))}
            <div role="status" aria-live="polite" className="px-2 py-1.5 text-xs text-slate-500 empty:hidden">
              {searchingUsers ? `Searching people in ${current.name}…` : users.error ? users.error : userOptions.length === 0 && users.q === userSearch ? `No person in ${current.name} starts with “${userSearch}”.` : ""}
            </div>
          </CommandGroup>
        ) : null}
        {crossSearch
          ? crossGroups.map((o) => {
              const items = crossOptions.filter((x) => x.org.slug === o.slug);
              if (items.length === 0) return null;
              return (
                <CommandGroup key={`x-${o.slug}`} heading={`Users in ${o.name}`}>
                  {items.map(({ user: u }) => (
                    <CommandItem key={u.id} value={`xuser:${o.slug}:${u.id}`} onSelect={() => goHref(u.href)} className="group">
                      <span className="min-w-0">
                        <span className="block truncate font-medium text-slate-900 group-data-[selected=true]:text-indigo-800">{u.label}</span>
                        <span className="block truncate text-xs text-slate-500">{u.login}</span>
                      </span>
                      {u.statusLabel ? (
                        <span className={cn("shrink-0 rounded-full px-2 py-0.5 text-xs", u.status === "ACTIVE" ? "bg-emerald-50 text-emerald-700" : "bg-amber-50 text-amber-800")}>{u.statusLabel}</span>
                      ) : null}
                    </CommandItem>
                  ))}
                </CommandGroup>
              );
            })
          : null}
        {crossSearch ? (
          <div role="status" aria-live="polite" className="px-3 py-1.5 text-xs text-slate-500 empty:hidden">
            {cross.error
              ? cross.error
              : searchingAll
                ? `Searching people in ${cross.orgs.length || "your"} orgs…`
                : `${crossOptions.length === 0 ? "No person" : `${crossGroups.reduce((n, g) => n + (g.status === "ok" ? g.users.length : 0), 0)} ${crossOptions.length === 1 ? "person" : "people"}`} found in ${cross.orgs.length} org${cross.orgs.length === 1 ? "" : "s"}${crossFailed ? `; ${crossFailed} did not answer` : ""}.`}
          </div>
        ) : null}
        {/* Shown once the people are in, so the first person (not this) is the active option. */}
        {searchAllText && !searchingUsers && !searchingAll ? (
          <CommandGroup heading="All orgs">
            <CommandItem value="search-all" onSelect={() => goHref(`/search?${new URLSearchParams({ q: searchAllText })}`)} className="group">
              <span className="flex min-w-0 items-center gap-2">
                <SearchIcon className="h-4 w-4 shrink-0 text-slate-400" />
                <span className="truncate text-slate-700 group-data-[selected=true]:text-indigo-800">Search every org for “{searchAllText}”</span>
              </span>
            </CommandItem>
          </CommandGroup>
        ) : null}
      </CommandList>
      <p aria-hidden className="flex gap-4 border-t border-slate-200 px-3 py-2 text-xs text-slate-500">
        <span>↑↓ move</span>
        <span>Enter open</span>
        <span>Esc close</span>
      </p>
    </CommandDialog>
  );
}

const USER_SEARCH_MIN = 2;
/** Across orgs the palette shows a few people per org (the /search page shows them all). */
const CROSS_PER_ORG = 3;
const CROSS_MAX = 15;
const USER_SEARCH_DEBOUNCE_MS = 200;

interface UserLookupState {
  /** The query these results answer ("" = none yet). */
  q: string;
  items: LookupItem[];
  loading: boolean;
  error?: string;
}

/** Debounced users lookup of one org; each new query aborts the request of the previous one. */
function useUserLookup(slug: string | undefined, q: string): UserLookupState {
  const [state, setState] = useState<UserLookupState>({ q: "", items: [], loading: false });
  useEffect(() => {
    if (!slug || !q) return;
    const controller = new AbortController();
    const timer = setTimeout(async () => {
      setState((s) => ({ ...s, loading: true }));
      try {
        const res = await fetch(`/api/t/${encodeURIComponent(slug)}/users/lookup?${new URLSearchParams({ q, limit: "8" })}`, {
          headers: { Accept: "application/json" },
          signal: controller.signal,
        });
        const body = (await res.json().catch(() => null)) as { ok: true; data: { items: LookupItem[] } } | { ok: false; error: string } | null;
        if (controller.signal.aborted) return;
        if (body?.ok) setState({ q, items: body.data.items, loading: false });
        else setState({ q, items: [], loading: false, error: body && !body.ok ? body.error : "People could not be searched. Try again." });
      } catch {
        if (!controller.signal.aborted) setState({ q, items: [], loading: false, error: "People could not be searched. Check your connection and try again." });
      }
    }, USER_SEARCH_DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [slug, q]);
  return state;
}
