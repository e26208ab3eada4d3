import { Badge } from "@/components/ui/badge";
import type { JobItemStatus, JobStatus } from "@/lib/jobs/types";

const JOB_STATUS: Record<JobStatus, { label: string; tone: "neutral" | "green" | "amber" | "red" | "indigo" | "blue" }> = {
  scheduled: { label: "Scheduled", tone: "blue" },
  queued: { label: "Queued", tone: "neutral" },
  running: { label: "Running", tone: "indigo" },
  cancelling: { label: "Cancelling", tone: "amber" },
  cancelled: { label: "Cancelled", tone: "amber" },
  completed: { label: "Completed", tone: "green" },
  failed: { label: "Failed", tone: "red" },
};

const ITEM_STATUS: Record<JobItemStatus, { label: string; tone: "neutral" | "green" | "amber" | "red" | "indigo" | "blue" }> = {
  pending: { label: "Waiting", tone: "neutral" },
  running: { label: "Running", tone: "indigo" },
  succeeded: { label: "Done", tone: "green" },
  failed: { label: "Failed", tone: "red" },
  skipped: { label: "Skipped", tone: "amber" },
  cancelled: { label: "Cancelled", tone: "amber" },
};

export function JobStatusBadge({ status }: { status: JobStatus }) {
  const s = JOB_STATUS[status] ?? { label: status, tone: "neutral" as const };
  return <Badge tone={s.tone}>{s.label}</Badge>;
}

export function ItemStatusBadge({ status }: { status: JobItemStatus }) {
  const s = ITEM_STATUS[status] ?? { label: status, tone: "neutral" as const };
  return <Badge tone={s.tone}>{s.label}</Badge>;
}

export const ITEM_STATUS_LABELS = Object.fromEntries(Object.entries(ITEM_STATUS).map(([k, v]) => [k, v.label])) as Record<JobItemStatus, string>;
