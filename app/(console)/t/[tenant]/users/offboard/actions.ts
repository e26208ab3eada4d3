"use server";
// Thin server-action exports of the offboarding wizard (lib/offboarding/actions.ts does the work).
import { offboardStartAction, saveOffboardingDefaultsAction } from "@/lib/offboarding/actions";

export async function startOffboarding(slug: string, input: unknown) {
  return offboardStartAction(slug, input);
}

export async function saveOffboardingDefaults(slug: string, input: unknown) {
  return saveOffboardingDefaultsAction(slug, input);
}
