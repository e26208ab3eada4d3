import { after } from "next/server";
import { Badge } from "@/components/ui/badge";
import { db } from "@/lib/db";
import { roleLabels } from "@/lib/rbac/grants";
import { requireTenantPage } from "@/lib/tenants/page-guard";
import { recordTenantVisit } from "@/lib/tenants/recent";
import { MASTERY_LABELS, type Mastery } from "@/lib/tenants/schemas";

// Header for every page of one customer org. Pages check access themselves (requireTenantPage is
// cached per request, so this costs nothing extra); the layout is not the authorization boundary.
export default async function TenantLayout({ children, params }: { children: React.ReactNode; params: Promise<{ tenant: string }> }) {
  const { tenant: slug } = await params;
  const { staff, tenant, roles } = await requireTenantPage(slug);
  // "Recent orgs" is bookkeeping: written after the response, so no page waits for the write.
  after(() => recordTenantVisit(db(), staff.staffId, tenant.id));
  return (
    <div>
      <div className="mb-6 flex flex-wrap items-center gap-3 border-b border-slate-200 pb-4">
        <div className="grid h-10 w-10 place-items-center rounded-lg bg-slate-900 text-sm font-semibold text-white" aria-hidden>
          {tenant.name.slice(0, 2).toUpperCase()}
        </div>
        <div className="min-w-0">
          <p className="text-lg font-semibold text-slate-900">{tenant.name}</p>
          <p className="truncate font-mono text-xs text-slate-500">{tenant.orgUrl}</p>
        </div>
        <div className="ml-auto flex flex-wrap items-center gap-2">
          <Badge tone="blue">Users mastered in {MASTERY_LABELS[tenant.mastery as Mastery] ?? tenant.mastery}</Badge>
          {tenant.ticketRequired ? <Badge tone="amber">Ticket ID required</Badge> : null}
          <Badge tone="indigo">Your role: {roleLabels(roles)}</Badge>
        </div>
      </div>
      {children}
    </div>
  );
}
