import { Badge } from "@/components/ui/badge";

export function StaffStatusBadge({ staff }: { staff: { status: string; signedIn: boolean } }) {
  if (staff.status === "disabled") return <Badge tone="red">Disabled</Badge>;
  if (!staff.signedIn) return <Badge tone="amber">Not signed in yet</Badge>;
  return <Badge tone="green">Active</Badge>;
}
