import type { Metadata } from "next";
import Link from "next/link";
import { NoAccess } from "@/components/admin/no-access";
import { SettingsNav } from "@/components/admin/settings-nav";
import { Button, ButtonLink } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requireStaffPage } from "@/lib/auth/session";
import { consoleCan } from "@/lib/staff/access";
import { MASTERY_LABELS, MASTERY_VALUES, tenantListFilterSchema } from "@/lib/tenants/schemas";
import { listTenants, listTenantTags } from "@/lib/tenants/service";
import { OrgsTable } from "./orgs-table";

export const metadata: Metadata = { title: "Orgs" };

const SELECT =
  "mt-1 block rounded-md border-0 py-1.5 pl-3 pr-8 text-sm shadow-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-indigo-600";

export default async function OrgsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const me = await requireStaffPage();
  if (!(await consoleCan(me.staffId, "settings.tenants.read"))) return <NoAccess title="Orgs" need="see customer org settings" />;
  const canManage = await consoleCan(me.staffId, "settings.tenants.manage");
  const filter = tenantListFilterSchema.parse(await searchParams);
  const [orgs, tags] = await Promise.all([listTenants(filter), listTenantTags()]);
  const filtered = Boolean(filter.q || filter.tag || filter.mastery) || filter.archived !== "active";

  return (
    <>
      <PageHeader
        title="Orgs"
        description="The customers' Okta orgs the console manages, and how it signs in to each."
        actions={canManage ? <ButtonLink href="/settings/orgs/new">Add org</ButtonLink> : null}
      />
      <SettingsNav staffId={me.staffId} />
      <form role="search" aria-label="Orgs" className="mb-4 flex flex-wrap items-end gap-3">
        <div>
          <label htmlFor="orgs-q" className="block text-sm font-medium text-slate-800">
            Search
          </label>
          <input
            id="orgs-q"
            name="q"
            type="search"
            defaultValue={filter.q ?? ""}
            placeholder="Name, slug, URL or tag"
            className="mt-1 block w-72 rounded-md border-0 px-3 py-1.5 text-sm shadow-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-indigo-600"
          />
        </div>
        <div>
          <label htmlFor="orgs-tag" className="block text-sm font-medium text-slate-800">
            Tag
          </label>
          <select id="orgs-tag" name="tag" defaultValue={filter.tag ?? ""} className={SELECT}>
            <option value="">Any tag</option>
            {tags.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="orgs-mastery" className="block text-sm font-medium text-slate-800">
            Users mastered in
          </label>
          <select id="orgs-mastery" name="mastery" defaultValue={filter.mastery ?? ""} className={SELECT}>
            <option value="">Anywhere</option>
            {MASTERY_VALUES.map((m) => (
              <option key={m} value={m}>
                {MASTERY_LABELS[m]}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="orgs-archived" className="block text-sm font-medium text-slate-800">
            Status
          </label>
          <select id="orgs-archived" name="archived" defaultValue={filter.archived} className={SELECT}>
            <option value="active">Active</option>
            <option value="archived">Archived</option>
            <option value="all">All</option>
          </select>
        </div>
        <Button type="submit" variant="secondary">
          Search
        </Button>
        {filtered ? (
          <Link href="/settings/orgs" className="pb-2 text-sm text-indigo-700 hover:underline">
            Clear
          </Link>
        ) : null}
      </form>

      <OrgsTable
        orgs={orgs.map((o) => ({
          id: o.id,
          slug: o.slug,
          name: o.name,
          orgUrl: o.orgUrl,
          mastery: o.mastery,
          tags: o.tags,
          archived: Boolean(o.archivedAt),
          ticketRequired: o.ticketRequired,
          credentialType: o.credentialType,
        }))}
        empty={
          <EmptyState
            title={filtered ? "No org matches" : "No orgs yet"}
            action={!filtered && canManage ? <ButtonLink href="/settings/orgs/new">Add org</ButtonLink> : undefined}
          >
            {filtered ? "Try another search or filter." : "Add a customer's Okta org with an API token or an OAuth service app."}
          </EmptyState>
        }
      />
    </>
  );
}
