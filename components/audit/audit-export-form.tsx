// "Export CSV" of one org's audit page: a GET form to the export route with the page's filters (and
// the Ticket ID an org that requires one asks for: every export is recorded in the audit log).
import { Button } from "@/components/ui/button";
import { TicketIdField } from "@/components/ui/field";

export function AuditExportForm({ href, rowCap, ticketRequired, orgName }: { href: string; rowCap: number; ticketRequired: boolean; orgName: string }) {
  const url = new URL(href, "http://console.invalid");
  return (
    <form action={url.pathname} method="get" aria-label="Export the audit log" className="flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      {[...url.searchParams].map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {ticketRequired ? (
        <div className="w-full sm:w-64">
          <TicketIdField ticketRequired orgName={orgName} required name="ticketId" hint={`${orgName} requires one for every export.`} />
        </div>
      ) : null}
      <Button type="submit" variant="secondary">
        Export CSV
      </Button>
      <p className="min-w-[min(100%,18rem)] flex-1 text-xs text-slate-500">
        Every entry matching these filters (all pages), newest first, at most {rowCap.toLocaleString("en-US")}; narrow the time range for
        more. The export is recorded in the audit log.
      </p>
    </form>
  );
}
