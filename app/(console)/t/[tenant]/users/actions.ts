"use server";
// Thin server-action exports for the users pages; each calls one wrapper-defined action
// (lib/users/actions.ts), which does the validation, authorization, guard, Okta call and audit.
// Bind the org slug from the URL: `createUser.bind(null, slug)`, or call `createUser(slug, input)`.
import {
  activateUserAction,
  clearSessionsAction,
  createUserAction,
  deactivateUserAction,
  deleteUserAction,
  expirePasswordAction,
  markServiceAccountAction,
  reactivateUserAction,
  resetFactorAction,
  resetFactorsAction,
  resetPasswordAction,
  setTempPasswordAction,
  suspendUserAction,
  unlockUserAction,
  unmarkServiceAccountAction,
  unsuspendUserAction,
  updateUserProfileAction,
} from "@/lib/users/actions";

export async function createUser(slug: string, input: unknown) {
  return createUserAction(slug, input);
}

export async function updateUserProfile(slug: string, input: unknown) {
  return updateUserProfileAction(slug, input);
}

export async function activateUser(slug: string, input: unknown) {
  return activateUserAction(slug, input);
}

export async function reactivateUser(slug: string, input: unknown) {
  return reactivateUserAction(slug, input);
}

export async function unlockUser(slug: string, input: unknown) {
  return unlockUserAction(slug, input);
}

export async function expirePassword(slug: string, input: unknown) {
  return expirePasswordAction(slug, input);
}

export async function resetAllFactors(slug: string, input: unknown) {
  return resetFactorsAction(slug, input);
}

export async function suspendUser(slug: string, input: unknown) {
  return suspendUserAction(slug, input);
}

export async function unsuspendUser(slug: string, input: unknown) {
  return unsuspendUserAction(slug, input);
}

export async function deactivateUser(slug: string, input: unknown) {
  return deactivateUserAction(slug, input);
}

export async function resetPassword(slug: string, input: unknown) {
  return resetPasswordAction(slug, input);
}

export async function setTempPassword(slug: string, input: unknown) {
  return setTempPasswordAction(slug, input);
}

export async function resetFactor(slug: string, input: unknown) {
  return resetFactorAction(slug, input);
}

export async function clearSessions(slug: string, input: unknown) {
  return clearSessionsAction(slug, input);
}

export async function deleteUser(slug: string, input: unknown) {
  return deleteUserAction(slug, input);
}

export async function markServiceAccount(slug: string, input: unknown) {
  return markServiceAccountAction(slug, input);
}

export async function unmarkServiceAccount(slug: string, input: unknown) {
  return unmarkServiceAccountAction(slug, input);
}
