"use server";
// The users list's one client-called read: thin, through the wrapper (lib/users/list.ts).
import { usersSearchAttributes } from "@/lib/users/list";

export async function loadSearchAttributes(slug: string) {
  return usersSearchAttributes(slug, {});
}
