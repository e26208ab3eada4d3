/**
 * A tiny path-template router for the Management API (paths relative to the org, e.g.
 * "/api/v1/users/:id/lifecycle/:op"). Literal segments win over parameters, so
 * "/api/v1/groups/rules" is not taken for "/api/v1/groups/:groupId".
 */
import type { ApiContext, ApiResult } from "./http.ts";

export type Handler = (ctx: ApiContext) => ApiResult | Promise<ApiResult>;

interface Route {
  method: string;
  template: string;
  segments: string[];
  handler: Handler;
}

export type RouteMatch =
  | { kind: "found"; handler: Handler; params: Record<string, string>; template: string }
  | { kind: "method-not-allowed"; allow: string[] }
  | { kind: "not-found" };

export class Router {
  private readonly routes: Route[] = [];

  add(method: string, template: string, handler: Handler): this {
    this.routes.push({ method, template, segments: template.split("/").filter(Boolean), handler });
    return this;
  }

  /** Every registered route, as "METHOD template" pairs. */
  list(): Array<{ method: string; template: string }> {
    return this.routes.map((r) => ({ method: r.method, template: r.template }));
  }

  match(method: string, path: string): RouteMatch {
    const parts = path.split("/").filter(Boolean);
    let best: { route: Route; params: Record<string, string>; score: number }[] = [];
    for (const route of this.routes) {
      if (route.segments.length !== parts.length) continue;
      const params: Record<string, string> = {};
      let score = 0;
      let ok = true;
      for (let i = 0; i < parts.length; i++) {
        const seg = route.segments[i]!;
        const part = parts[i]!;
        if (seg.startsWith(":")) {
          params[seg.slice(1)] = decodeURIComponent(part);
        } else if (seg === part) {
          // Literal matches weigh more the earlier they are, so the most specific template wins.
          score += 2 ** (parts.length - i);
        } else {
          ok = false;
          break;
        }
      }
      if (!ok) continue;
      if (best.length === 0 || score > best[0]!.score) best = [{ route, params, score }];
      else if (score === best[0]!.score) best.push({ route, params, score });
    }
    if (best.length === 0) return { kind: "not-found" };
    const hit = best.find((b) => b.route.method === method) ?? (method === "HEAD" ? best.find((b) => b.route.method === "GET") : undefined);
    if (hit) return { kind: "found", handler: hit.route.handler, params: hit.params, template: hit.route.template };
    return { kind: "method-not-allowed", allow: [...new Set(best.map((b) => b.route.method))] };
  }
}
