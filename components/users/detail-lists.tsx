"use client";
// The user detail page's lists (profile attributes, recent System Log events, account facts, groups,
// app links) as client components fed with plain rows. Rendered on the server like the rest (same HTML), but the page's RSC
// payload then carries each row's data instead of its element tree and Tailwind classes: about a third
// less payload to serialize, escape into the HTML and compress while the technician waits (the page is
// sent in one piece once Okta has answered). Rows are formatted on the server: no clock or time zone
// here, so hydration sees exactly what the server rendered.
import { Badge, type BadgeTone } from "@/components/ui/badge";

export interface ProfileAttributeRow {
  name: string;
  label: string;
  value: string;
  custom: boolean;
}

export function ProfileAttributeList({ rows }: { rows: ProfileAttributeRow[] }) {
  return (
    <dl className="divide-y divide-slate-100">
      {rows.map((a) => (
        <div key={a.name} className="grid grid-cols-1 gap-1 px-5 py-2.5 text-sm sm:grid-cols-[minmax(0,14rem)_1fr] sm:gap-4">
          <dt className="flex items-center gap-2 text-slate-500">
            <span>{a.label}</span>
            {a.custom ? <Badge tone="indigo">custom</Badge> : null}
          </dt>
          <dd className="min-w-0 break-words text-slate-900">
            {a.value}
            {a.custom || a.label !== a.name ? <span className="sr-only"> (attribute {a.name})</span> : null}
          </dd>
        </div>
      ))}
    </dl>
  );
}

export interface RecentEventRow {
  uuid: string;
  published: string | null;
  /** `published` as the server formats dates (UTC). */
  when: string;
  message: string;
  outcome: { label: string; tone: BadgeTone } | null;
  eventType: string;
  /** " · by …", " · on …", IP, reason: already joined. */
  detail: string;
}

export function RecentEventList({ rows }: { rows: RecentEventRow[] }) {
  return (
    <ol className="divide-y divide-slate-100">
      {rows.map((e) => (
        <li key={e.uuid} className="grid gap-1 px-5 py-3 text-sm sm:grid-cols-[10rem_1fr] sm:gap-4">
          <time dateTime={e.published ?? undefined} className="text-xs text-slate-500 sm:pt-0.5">
            {e.when}
          </time>
          <div className="min-w-0">
            <p className="flex flex-wrap items-center gap-2">
              <span className="font-medium text-slate-900">{e.message}</span>
              {e.outcome ? <Badge tone={e.outcome.tone}>{e.outcome.label}</Badge> : null}
            </p>
            <p className="mt-0.5 break-words text-xs text-slate-500">
              <span className="font-mono">{e.eventType}</span>
              {e.detail}
            </p>
          </div>
        </li>
      ))}
    </ol>
  );
}

export interface AccountFactRow {
  label: string;
  iso: string | null;
  /** The date as the server formats it, or the fallback ("Never", "—") when there is none. */
  date: string;
  /** Date and time (UTC), shown on hover. */
  title: string;
  /** "yesterday", "5 years ago": computed on the server, so hydration sees the same words. */
  relative: string | null;
}

export function AccountFactList({ rows }: { rows: AccountFactRow[] }) {
  return (
    <dl className="grid grid-cols-1 gap-x-6 gap-y-3 text-sm sm:grid-cols-2 xl:grid-cols-3">
      {rows.map((f) => (
        <div key={f.label}>
          <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">{f.label}</dt>
          <dd className="mt-0.5 text-slate-900">
            {f.iso ? (
              <time dateTime={f.iso} title={f.title}>
                {f.date}
                {f.relative ? <span className="text-slate-500"> · {f.relative}</span> : null}
              </time>
            ) : (
              <span className="text-slate-400">{f.date}</span>
            )}
          </dd>
        </div>
      ))}
    </dl>
  );
}

export interface GroupChipRow {
  id: string;
  name: string;
  description: string | null;
  /** "built-in", "app group": only for groups Okta does not own as plain Okta groups. */
  kind: string | null;
}

export function GroupChipList({ rows }: { rows: GroupChipRow[] }) {
  return (
    <ul className="flex flex-wrap gap-2">
      {rows.map((g) => (
        <li key={g.id} title={g.description ?? undefined} className="rounded-md bg-slate-50 px-2.5 py-1 text-sm text-slate-800 ring-1 ring-inset ring-slate-200">
          {g.name}
          {g.kind ? <span className="ml-1.5 text-xs text-slate-500">{g.kind}</span> : null}
        </li>
      ))}
    </ul>
  );
}

export interface AppLinkRow {
  key: string;
  label: string;
  /** App name or instance id, and " · hidden" when it is hidden from the user's dashboard. */
  detail: string;
}

export function AppLinkList({ rows }: { rows: AppLinkRow[] }) {
  return (
    <ul className="grid gap-2 sm:grid-cols-2">
      {rows.map((a) => (
        <li key={a.key} className="flex items-center gap-3 rounded-md px-2 py-1.5 ring-1 ring-inset ring-slate-200">
          <span aria-hidden className="grid h-7 w-7 shrink-0 place-items-center rounded bg-slate-900 text-[10px] font-semibold text-white">
            {a.label.slice(0, 2).toUpperCase()}
          </span>
          <span className="min-w-0">
            <span className="block truncate text-sm font-medium text-slate-900">{a.label}</span>
            <span className="block truncate font-mono text-xs text-slate-500">{a.detail}</span>
          </span>
        </li>
      ))}
    </ul>
  );
}
