"use server";
// Thin server-action exports for the groups pages (and the user page's "Add to group"); each calls one
// wrapper-defined action (lib/groups/actions.ts, lib/groups/impact.ts), which does the validation,
// authorization, guards, Okta calls and audit. Call as `createGroup(slug, input)`.
import { addGroupMembersAction, createGroupAction, deleteGroupAction, removeGroupMembersAction, updateGroupAction } from "@/lib/groups/actions";
import { deleteImpactAction, removalImpactAction } from "@/lib/groups/impact";

export async function createGroup(slug: string, input: unknown) {
  return createGroupAction(slug, input);
}

export async function updateGroup(slug: string, input: unknown) {
  return updateGroupAction(slug, input);
}

export async function deleteGroup(slug: string, input: unknown) {
  return deleteGroupAction(slug, input);
}

export async function addGroupMembers(slug: string, input: unknown) {
  return addGroupMembersAction(slug, input);
}

export async function removeGroupMembers(slug: string, input: unknown) {
  return removeGroupMembersAction(slug, input);
}

export async function previewMemberRemoval(slug: string, input: unknown) {
  return removalImpactAction(slug, input);
}

export async function previewGroupDeletion(slug: string, input: unknown) {
  return deleteImpactAction(slug, input);
}
