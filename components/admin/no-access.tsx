import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";

/** What a page shows when the signed-in staff member's roles do not allow it. */
export function NoAccess({ title, need }: { title: string; need: string }) {
  return (
    <>
      <PageHeader title={title} />
      <EmptyState title="You don't have access to this page">
        It needs the permission to {need}. Ask an Administrator if you need it.
      </EmptyState>
    </>
  );
}
