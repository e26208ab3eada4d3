"use server";
// Thin server-action exports for caller verification (lib/verification/actions.ts does the
// validation, authorization, row checks, Okta calls and audit). Call as `startChallenge(slug, input)`.
import {
  callerStateAction,
  cancelChallengeAction,
  decideBreakGlassAction,
  pollChallengeAction,
  requestBreakGlassAction,
  startChallengeAction,
  verificationFactorsAction,
  verifyOtpAction,
} from "@/lib/verification/actions";

export async function verificationFactors(slug: string, input: unknown) {
  return verificationFactorsAction(slug, input);
}

export async function callerState(slug: string, input: unknown) {
  return callerStateAction(slug, input);
}

export async function startChallenge(slug: string, input: unknown) {
  return startChallengeAction(slug, input);
}

export async function pollChallenge(slug: string, input: unknown) {
  return pollChallengeAction(slug, input);
}

export async function verifyCode(slug: string, input: unknown) {
  return verifyOtpAction(slug, input);
}

export async function cancelChallenge(slug: string, input: unknown) {
  return cancelChallengeAction(slug, input);
}

export async function requestBreakGlass(slug: string, input: unknown) {
  return requestBreakGlassAction(slug, input);
}

export async function decideBreakGlass(slug: string, input: unknown) {
  return decideBreakGlassAction(slug, input);
}
