import { GroupsSkeleton } from "@/components/groups/groups-skeleton";

export default function Loading() {
  return (
    <div>
      <div className="mb-6 h-8 w-32 animate-pulse rounded bg-slate-200" />
      <div className="mb-4 h-10 w-full animate-pulse rounded-md bg-slate-100" />
      <GroupsSkeleton />
    </div>
  );
}
