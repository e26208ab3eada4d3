import "server-only";
// The registry of job kinds: the engine (lib/jobs/engine.ts, worker.ts) finds a kind's definition here
// by the Job row's `kind`. A new kind adds its import and one entry in KINDS (one line each).
import type { JobKind, JobKindDefinition } from "../types";
import { bulkUserActionKind } from "./bulk-user-action";
import { userImportKind } from "@/lib/import/kind";
import { offboardingKind } from "@/lib/offboarding/kind";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each kind has its own params and item types
export type AnyJobKind = JobKindDefinition<any, any>;

const KINDS: AnyJobKind[] = [
  bulkUserActionKind,
  userImportKind,
  offboardingKind,
];

const BY_KIND = new Map<JobKind, AnyJobKind>(KINDS.map((k) => [k.kind, k]));

/** The definition of a kind, or undefined when this build has none (its items fail with a sentence). */
export function jobKind(kind: string): AnyJobKind | undefined {
  return BY_KIND.get(kind as JobKind);
}

export function registeredJobKinds(): AnyJobKind[] {
  return [...KINDS];
}
