// The Policies card while it loads (used by the server-rendered group page and the client Policies tab).
import { Card, CardBody, CardHeader } from "@/components/ui/card";

const TITLE = "Policies";

export function PoliciesSkeleton() {
  return (
    <Card aria-label={TITLE}>
      <CardHeader title={TITLE} />
      <CardBody>
        <div className="space-y-3" aria-busy="true" aria-label="Loading policies">
          {[0, 1, 2].map((i) => (
            <div key={i} className="flex items-center gap-3">
              <div className="h-3.5 w-1/3 animate-pulse rounded bg-slate-200" />
              <div className="h-3.5 flex-1 animate-pulse rounded bg-slate-100" />
            </div>
          ))}
        </div>
      </CardBody>
    </Card>
  );
}
