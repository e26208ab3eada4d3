import Link from "next/link";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";

/**
 * What a page shows when the signed-in staff member's roles do not allow it. `requestHref`: where to
 * ask for a role that would (an org's Request access page), for pages inside an org.
 */
export function NoAccess({ title, need, requestHref }: { title: string; need: string; requestHref?: string }) {
  return (
    <>
      <PageHeader title={title} />
      <EmptyState title="You don't have access to this page">
        It needs the permission to {need}.{" "}
        {requestHref ? (
          <>
            <Link href={requestHref} className="font-medium text-indigo-700 hover:underline">
              Request access
            </Link>{" "}
            to a role that allows it for a while, or ask an Administrator for a lasting grant.
          </>
        ) : (
          "Ask an Administrator if you need it."
        )}
      </EmptyState>
    </>
  );
}
