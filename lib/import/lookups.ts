import "server-only";
// The Okta side of an import's validation, read live and bounded: which logins Okta already has
// (users `search=profile.login eq "a" or profile.login eq "b" ...` in chunks, a few chunks at a time)
// and what each group named in the file is (an id: GET /groups/{id}; a name: groups
// `search=profile.name eq "..."`). Nothing here writes.
import { mapBounded } from "@/lib/okta/bounded";
import type { OktaGateway } from "@/lib/okta/gateway";
import { toGroupSummary } from "@/lib/okta/groups";
import type { GroupResolution, ImportLookups } from "./validate";

/**
 * One users search holds at most this many characters of URL-encoded expression. Okta answers with a
 * `Link` header that repeats the request's URL, and the SDK's Link parser gives up on headers over
 * 2,000 characters (parse-link-header's limit): about 15 typical logins a request.
 */
export const SEARCH_MAX_ENCODED = 1_200;
/** And at most this many logins per search. */
export const LOGIN_CHUNK = 40;
/** Requests in flight at once for one validation. */
export const LOOKUP_CONCURRENCY = 4;
/** Distinct groups one file may name. */
export const MAX_DISTINCT_GROUPS = 200;

const quote = (v: string) => `"${v.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
const isRec = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const GROUP_ID = /^00g[A-Za-z0-9]{12,37}$/;

const clause = (login: string) => `profile.login eq ${quote(login)}`;

/** The logins split into searches that stay under SEARCH_MAX_ENCODED and LOGIN_CHUNK. */
export function loginChunks(logins: readonly string[]): string[][] {
  const chunks: string[][] = [];
  let current: string[] = [];
  let size = 0;
  for (const l of logins) {
    const add = encodeURIComponent(`${current.length ? " or " : ""}${clause(l)}`).length;
    if (current.length && (size + add > SEARCH_MAX_ENCODED || current.length >= LOGIN_CHUNK)) {
      chunks.push(current);
      current = [];
      size = 0;
    }
    size += current.length ? add : encodeURIComponent(clause(l)).length;
    current.push(l);
  }
  if (current.length) chunks.push(current);
  return chunks;
}

/** Lowercased login -> user id for every login of `logins` Okta already has. */
export async function findExistingLogins(okta: OktaGateway, logins: readonly string[]): Promise<Map<string, string>> {
  const chunks = loginChunks(logins);
  const found = new Map<string, string>();
  await mapBounded(chunks, LOOKUP_CONCURRENCY, async (chunk) => {
    const search = chunk.map(clause).join(" or ");
    const collection = await okta.client.userApi.listUsers({ search, limit: 200 });
    const page = await collection.getNextPage();
    for (const u of page) {
      const login = isRec(u) && isRec(u.profile) && typeof u.profile.login === "string" ? u.profile.login : "";
      if (login && isRec(u) && typeof u.id === "string") found.set(login.toLowerCase(), u.id);
    }
  });
  return found;
}

/** One user by login (exact, case-insensitive as Okta compares logins), or null. */
export async function findUserByLogin(okta: OktaGateway, login: string): Promise<Record<string, unknown> | null> {
  const collection = await okta.client.userApi.listUsers({ search: `profile.login eq ${quote(login)}`, limit: 2 });
  const page = await collection.getNextPage();
  const hit = page.find((u) => isRec(u) && isRec(u.profile) && typeof u.profile.login === "string" && u.profile.login.toLowerCase() === login.toLowerCase());
  return (hit as unknown as Record<string, unknown>) ?? null;
}

const isStatus = (err: unknown, status: number) => isRec(err) && err.status === status;

/** Each token (a group id or an exact group name) -> the Okta group, or why it cannot be used. */
export async function resolveGroups(okta: OktaGateway, tokens: readonly string[]): Promise<Map<string, GroupResolution>> {
  const out = new Map<string, GroupResolution>();
  if (tokens.length > MAX_DISTINCT_GROUPS) {
    for (const t of tokens) out.set(t, { ok: false, reason: `The file names ${tokens.length} different groups; one import may use at most ${MAX_DISTINCT_GROUPS}.` });
    return out;
  }
  await mapBounded(tokens, LOOKUP_CONCURRENCY, async (token) => {
    let raw: unknown[] = [];
    if (GROUP_ID.test(token)) {
      try {
        raw = [await okta.client.groupApi.getGroup({ groupId: token })];
      } catch (err) {
        if (!isStatus(err, 404)) throw err;
      }
    }
    if (raw.length === 0) {
      const collection = await okta.client.groupApi.listGroups({ search: `profile.name eq ${quote(token)}`, limit: 10 });
      raw = await collection.getNextPage();
    }
    const groups = raw.map(toGroupSummary).filter((g): g is NonNullable<typeof g> => g !== null && (g.id === token || g.name.toLowerCase() === token.toLowerCase()));
    if (groups.length === 0) return out.set(token, { ok: false, reason: `Okta has no group “${token}” in this org.` });
    if (groups.length > 1) return out.set(token, { ok: false, reason: `Several groups are named “${token}”; use the group's id instead.` });
    const g = groups[0]!;
    if (g.type === "APP_GROUP") return out.set(token, { ok: false, reason: `“${g.name}” is imported from an app; Okta does not let its members be changed here.` });
    if (g.type === "BUILT_IN") return out.set(token, { ok: false, reason: `“${g.name}” is a built-in group; Okta manages its members.` });
    return out.set(token, { ok: true, group: { id: g.id, name: g.name } });
  });
  return out;
}

export async function importLookups(okta: OktaGateway, need: { logins: string[]; groupTokens: string[] }): Promise<ImportLookups> {
  const [existingLogins, groups] = await Promise.all([findExistingLogins(okta, need.logins), resolveGroups(okta, need.groupTokens)]);
  return { existingLogins, groups };
}
