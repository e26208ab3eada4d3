"use server";
// Thin server-action exports; each calls one wrapper-defined action (lib/elevation/actions.ts).
import { approveElevationDef, denyElevationDef } from "@/lib/elevation/actions";

export async function approveElevationAction(input: unknown) {
  return approveElevationDef(input);
}

export async function denyElevationAction(input: unknown) {
  return denyElevationDef(input);
}
