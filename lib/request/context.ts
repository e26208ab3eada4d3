import "server-only";
import { headers } from "next/headers";
import { env } from "@/lib/env";
import { metaFromHeaders, type RequestMeta } from "./client-ip";

export type { RequestMeta } from "./client-ip";

/** Caller IP (see ./client-ip.ts) and user agent of the current server action or page request. */
export async function requestMeta(): Promise<RequestMeta> {
  return metaFromHeaders(await headers(), env().TRUSTED_PROXY_HOPS);
}
