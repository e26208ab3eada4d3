import { CardSkeleton } from "@/components/users/detail-sections";

/** The detail page's shape while Okta answers (client navigation from the list). */
export default function UserDetailLoading() {
  return (
    <div className="space-y-6" aria-busy="true" aria-label="Loading the user">
      <div>
        <div className="h-4 w-16 animate-pulse rounded bg-slate-200" />
        <div className="mt-3 flex items-center gap-4">
          <div className="h-12 w-12 animate-pulse rounded-full bg-slate-200" />
          <div className="space-y-2">
            <div className="h-6 w-56 animate-pulse rounded bg-slate-200" />
            <div className="h-4 w-72 animate-pulse rounded bg-slate-100" />
          </div>
        </div>
      </div>
      <div className="h-12 animate-pulse rounded-lg bg-slate-100" />
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="space-y-6 lg:order-2">
          <CardSkeleton title="Actions" rows={4} />
        </div>
        <div className="space-y-6 lg:order-1 lg:col-span-2">
          <CardSkeleton title="Account" rows={2} />
          <CardSkeleton title="MFA factors" rows={2} />
          <CardSkeleton title="Groups" rows={2} />
        </div>
      </div>
    </div>
  );
}
