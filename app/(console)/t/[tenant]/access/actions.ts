"use server";
// Thin server-action exports; each calls one wrapper-defined action (lib/elevation/actions.ts).
import { cancelElevationDef, endElevationDef, requestElevationDef } from "@/lib/elevation/actions";

export async function requestElevationAction(slug: string, input: unknown) {
  return requestElevationDef(slug, input);
}

export async function cancelElevationAction(slug: string, input: unknown) {
  return cancelElevationDef(slug, input);
}

export async function endElevationAction(slug: string, input: unknown) {
  return endElevationDef(slug, input);
}
