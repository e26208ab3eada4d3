import { Badge } from "@/components/ui/badge";
import { groupTypeLabel } from "@/lib/groups/read-only";

/** Okta / App-imported / Built-in, in the same words as the type filter. */
export function GroupTypeBadge({ type, className }: { type: string | null; className?: string }) {
  const tone = type === "OKTA_GROUP" ? "indigo" : type === "APP_GROUP" ? "blue" : "neutral";
  return (
    <Badge tone={tone} className={className}>
      {groupTypeLabel(type)}
    </Badge>
  );
}
