"use client";

import { useRouter } from "next/navigation";
import { useEffect, useMemo, useRef, useState, useTransition, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { LazyCombobox } from "@/components/ui/combobox-lazy";
import { lookupSource, type ComboboxOption } from "@/components/ui/combobox-source";
import { cn } from "@/components/ui/cn";
import { SelectField, TextField } from "@/components/ui/field";
import { EVENT_TYPES, QUICK_VIEWS } from "@/lib/logs/event-types";
import { LOG_OUTCOMES, logViewerHref, type LogRange, type LogViewerParams } from "@/lib/logs/href";
import { checkLogQuery, RANGE_LABELS, type LogUrlParams } from "@/lib/logs/query";

const RANGE_OPTIONS = (["15m", "1h", "24h", "7d", "custom"] as const).map((r) => ({ value: r, label: RANGE_LABELS[r] }));
const OUTCOME_OPTIONS = [{ value: "", label: "Any outcome" }, ...LOG_OUTCOMES.map((o) => ({ value: o, label: o.charAt(0) + o.slice(1).toLowerCase() }))];
const GROUPS = [...new Set(EVENT_TYPES.map((e) => e.group))];

/** "2026-03-01T09:00:00Z" -> the value of a datetime-local input in the browser's zone. */
function toLocalInput(iso: string | undefined): string {
  if (!iso) return "";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function fromLocalInput(value: string): string | undefined {
  if (!value) return undefined;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? value : d.toISOString();
}

const partyOption = (value: string | undefined): ComboboxOption[] => (value ? [{ id: value, label: value }] : []);
/** The URL keeps a person's login (readable in a ticket); other parties keep their id. */
const partyValue = (picked: ComboboxOption[]): string | undefined => (picked[0] ? picked[0].sublabel || picked[0].id : undefined);

/**
 * The search: time range, people (the users typeahead), event type, outcome, IP, free text, and the
 * quick views. Submitting navigates to the URL of the query (so Back and a pasted link work); the same
 * checks the server makes run here first, so a bad value is explained before anything is sent.
 */
export function LogsSearch({ slug, params, canLookupUsers }: { slug: string; params: LogUrlParams; canLookupUsers: boolean }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [range, setRange] = useState<string>(params.range ?? (params.since ? "custom" : "24h"));
  const [actor, setActor] = useState<ComboboxOption[]>(partyOption(params.actor));
  const [target, setTarget] = useState<ComboboxOption[]>(partyOption(params.target));
  // A refused URL (a pasted link) shows its sentences next to the fields at once, like a refused submit.
  const [errors, setErrors] = useState<Partial<Record<keyof LogViewerParams | "_form", string>>>(() => {
    const checked = checkLogQuery(params);
    return checked.ok ? {} : checked.errors;
  });
  const qRef = useRef<HTMLInputElement>(null);
  const users = useMemo(() => lookupSource(`/api/t/${encodeURIComponent(slug)}/users/lookup`), [slug]);
  const typeKnown = !params.type || EVENT_TYPES.some((e) => e.key === params.type);

  // "/" focuses the free text (like the users list), unless typing somewhere already.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey) return;
      const el = e.target as HTMLElement | null;
      if (el && (el.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName))) return;
      e.preventDefault();
      qRef.current?.focus();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const text = (k: string) => {
      const v = form.get(k);
      return typeof v === "string" && v.trim() !== "" ? v.trim() : undefined;
    };
    const next: LogViewerParams = {
      range: range as LogRange,
      ...(range === "custom" ? { since: fromLocalInput(text("since") ?? ""), until: fromLocalInput(text("until") ?? "") } : {}),
      actor: canLookupUsers ? partyValue(actor) : text("actor"),
      target: canLookupUsers ? partyValue(target) : text("target"),
      type: text("type"),
      outcome: text("outcome") as LogViewerParams["outcome"],
      ip: text("ip"),
      q: text("q"),
      view: params.view,
    };
    const checked = checkLogQuery(next);
    if (!checked.ok) {
      setErrors(checked.errors);
      return;
    }
    setErrors({});
    startTransition(() => router.push(logViewerHref(slug, next)));
  };

  const err = (k: keyof LogViewerParams) => (errors[k] ? [errors[k]!] : undefined);
  const base = { range: params.range, since: params.since, until: params.until };

  return (
    <div className="space-y-3">
      <nav aria-label="Quick views" className="-mx-1 flex gap-2 overflow-x-auto px-1 pb-1 sm:flex-wrap sm:overflow-visible">
        {QUICK_VIEWS.map((v) => {
          const active = params.view === v.key;
          return (
            <a
              key={v.key}
              href={logViewerHref(slug, active ? base : { ...base, view: v.key })}
              aria-current={active ? "true" : undefined}
              title={v.description}
              className={cn(
                "shrink-0 whitespace-nowrap rounded-full px-3 py-1 text-sm ring-1 ring-inset",
                active ? "bg-indigo-600 text-white ring-indigo-600" : "bg-white text-slate-700 ring-slate-300 hover:bg-slate-50",
              )}
            >
              {v.label}
            </a>
          );
        })}
      </nav>
      <form onSubmit={submit} role="search" aria-label="Search the System Log" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
        <div className="grid grid-cols-2 gap-3 lg:grid-cols-4">
          <SelectField label="Time range" name="range" value={range} onChange={(e) => setRange(e.target.value)} options={RANGE_OPTIONS} errors={err("range")} />
          {range === "custom" ? (
            <>
              <TextField label="From" name="since" type="datetime-local" defaultValue={toLocalInput(params.since)} errors={err("since")} />
              <TextField label="To" name="until" type="datetime-local" defaultValue={toLocalInput(params.until)} errors={err("until")} hint="Empty: now" />
            </>
          ) : null}
          <div className="space-y-1">
            <label htmlFor="logs-type" className="block text-sm font-medium text-slate-800">
              Event type
            </label>
            <select
              id="logs-type"
              name="type"
              defaultValue={params.type ?? ""}
              aria-invalid={errors.type ? true : undefined}
              aria-describedby={errors.type ? "logs-type-error" : undefined}
              className="block w-full rounded-md border-0 bg-white px-3 py-1.5 text-sm text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-inset focus:ring-indigo-600"
            >
              <option value="">Any event type</option>
              {GROUPS.map((g) => (
                <optgroup key={g} label={g}>
                  {EVENT_TYPES.filter((e) => e.group === g).map((e) => (
                    <option key={e.key} value={e.key}>
                      {e.label}
                    </option>
                  ))}
                </optgroup>
              ))}
              {!typeKnown ? <option value={params.type}>{params.type}</option> : null}
            </select>
            {errors.type ? (
              <p id="logs-type-error" role="alert" className="text-xs text-rose-700">
                {errors.type}
              </p>
            ) : null}
          </div>
          <SelectField label="Outcome" name="outcome" defaultValue={params.outcome ?? ""} options={OUTCOME_OPTIONS} errors={err("outcome")} />
          {canLookupUsers ? (
            <>
              <LazyCombobox className="col-span-2 sm:col-span-1" label="Actor" noun="users" source={users} value={actor} onChange={setActor} errors={err("actor")} placeholder="Who did it" />
              <LazyCombobox className="col-span-2 sm:col-span-1" label="Target" noun="users" source={users} value={target} onChange={setTarget} errors={err("target")} placeholder="Whom it was done to" />
            </>
          ) : (
            <>
              <TextField label="Actor" name="actor" defaultValue={params.actor ?? ""} errors={err("actor")} placeholder="Login or Okta id" />
              <TextField label="Target" name="target" defaultValue={params.target ?? ""} errors={err("target")} placeholder="Login or Okta id" />
            </>
          )}
          <div className="col-span-2 sm:col-span-1">
            <TextField label="IP address" name="ip" defaultValue={params.ip ?? ""} errors={err("ip")} inputMode="text" autoComplete="off" placeholder="203.0.113.7" />
          </div>
          <div className="col-span-2 sm:col-span-1">
            <TextField
            ref={qRef}
            label="Free text"
            name="q"
            defaultValue={params.q ?? ""}
            errors={err("q")}
            autoComplete="off"
            hint="Up to 10 words, each at most 40 characters. Press / to jump here."
            />
          </div>
        </div>
        {params.tx ? (
          <p className="mt-3 text-sm text-slate-600">
            Only transaction <code className="rounded bg-slate-100 px-1 text-xs">{params.tx}</code>.{" "}
            <a href={logViewerHref(slug, { ...params, tx: undefined })} className="text-indigo-700 underline">
              Show all transactions
            </a>
          </p>
        ) : null}
        <div className="mt-4 flex flex-wrap items-center gap-2">
          <Button type="submit" disabled={pending}>
            {pending ? "Searching…" : "Search"}
          </Button>
          <a href={logViewerHref(slug, {})} className="text-sm text-slate-600 underline-offset-2 hover:underline">
            Reset
          </a>
          {params.view ? <span className="text-sm text-slate-600">Quick view: {QUICK_VIEWS.find((v) => v.key === params.view)?.label ?? params.view}</span> : null}
        </div>
      </form>
    </div>
  );
}
