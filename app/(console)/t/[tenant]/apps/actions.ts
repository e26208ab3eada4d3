"use server";
// Thin server-action exports for the app pages; each calls one wrapper-defined action (lib/apps/actions.ts),
// which does the validation, authorization, guard, Okta call and audit.
import { appAssignmentPreview, assignAppToGroupAction, assignAppToUserAction, unassignAppFromGroupAction, unassignAppFromUserAction } from "@/lib/apps/actions";

export async function previewAppAssignment(slug: string, input: unknown) {
  return appAssignmentPreview(slug, input);
}

export async function assignAppToUser(slug: string, input: unknown) {
  return assignAppToUserAction(slug, input);
}

export async function unassignAppFromUser(slug: string, input: unknown) {
  return unassignAppFromUserAction(slug, input);
}

export async function assignAppToGroup(slug: string, input: unknown) {
  return assignAppToGroupAction(slug, input);
}

export async function unassignAppFromGroup(slug: string, input: unknown) {
  return unassignAppFromGroupAction(slug, input);
}
