"use server";
// Thin server-action exports; each calls one wrapper-defined action (lib/teams/actions.ts).
import { addTeamMemberDef, createTeamDef, deleteTeamDef, removeTeamMemberDef, updateTeamDef } from "@/lib/teams/actions";

export async function createTeamAction(input: unknown) {
  return createTeamDef(input);
}

export async function updateTeamAction(input: unknown) {
  return updateTeamDef(input);
}

export async function deleteTeamAction(input: unknown) {
  return deleteTeamDef(input);
}

export async function addTeamMemberAction(input: unknown) {
  return addTeamMemberDef(input);
}

export async function removeTeamMemberAction(input: unknown) {
  return removeTeamMemberDef(input);
}
