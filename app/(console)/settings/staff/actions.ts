"use server";
// Thin server-action exports; each calls one wrapper-defined action (lib/staff/actions.ts).
import { addStaffGrant, addStaffMember, removeStaffGrant, setStaffMemberStatus } from "@/lib/staff/actions";

export async function addStaffAction(input: unknown) {
  return addStaffMember(input);
}

export async function addGrantAction(input: unknown) {
  return addStaffGrant(input);
}

export async function removeGrantAction(input: unknown) {
  return removeStaffGrant(input);
}

export async function setStaffStatusAction(input: unknown) {
  return setStaffMemberStatus(input);
}
