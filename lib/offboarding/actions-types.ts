// Browser-safe shapes of the offboarding actions' answers (the actions live in ./actions.ts, server-only).
export interface OffboardTarget {
  id: string;
  login: string;
  displayName: string;
  status: string;
  statusLabel: string;
}
