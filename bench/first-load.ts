/**
 * First-load JS per console page, from a production build's own manifests (no browser): for each page
 * of the app router, the files a first visit loads before the page is interactive = the build's root
 * main files (build-manifest.json `rootMainFiles`: the runtime and framework) plus every chunk its
 * layouts and page list as entry files (server/app/<route>/page_client-reference-manifest.js
 * `entryJSFiles`), each counted once, gzip-compressed (level 9, as a server would send it). Chunks a
 * page loads later on demand (next/dynamic, e.g. the dashboard's chart) are not first-load JS.
 * API routes are left out. Run alone: npx tsx bench/first-load.ts [distDir] (default .next-bench).
 */
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";

const root = path.resolve(import.meta.dirname, "..");

/** "/(console)/t/[tenant]/users/(list)/page" -> "/t/[tenant]/users". */
export function routeOf(appPath: string): string {
  const route = appPath
    .replace(/\/page$/, "")
    .split("/")
    .filter((seg) => seg && !/^\(.*\)$/.test(seg))
    .join("/");
  return `/${route}`;
}

export function firstLoadJsKb(distDir: string): Record<string, number> {
  const dist = path.resolve(root, distDir);
  const build = JSON.parse(fs.readFileSync(path.join(dist, "build-manifest.json"), "utf8")) as { rootMainFiles?: string[] };
  const appPaths = JSON.parse(fs.readFileSync(path.join(dist, "server", "app-paths-manifest.json"), "utf8")) as Record<string, string>;
  const sizes = new Map<string, number>();
  const gz = (file: string) => {
    let size = sizes.get(file);
    if (size === undefined) {
      const full = path.join(dist, file.replace(/^\/?_next\//, ""));
      size = fs.existsSync(full) ? zlib.gzipSync(fs.readFileSync(full), { level: 9 }).length : 0;
      sizes.set(file, size);
    }
    return size;
  };
  const out: Record<string, number> = {};
  for (const appPath of Object.keys(appPaths).sort()) {
    if (!appPath.endsWith("/page") || appPath.startsWith("/_")) continue;
    const manifestFile = path.join(dist, "server", "app", `${appPath}_client-reference-manifest.js`);
    if (!fs.existsSync(manifestFile)) continue;
    // The manifest is a script assigning globalThis.__RSC_MANIFEST[<path>] = {...}: run it in a sandbox object.
    const sandbox: { __RSC_MANIFEST?: Record<string, { entryJSFiles?: Record<string, string[]> }> } = {};
    new Function("globalThis", fs.readFileSync(manifestFile, "utf8"))(sandbox);
    const manifest = Object.values(sandbox.__RSC_MANIFEST ?? {})[0];
    const files = new Set<string>(build.rootMainFiles ?? []);
    for (const list of Object.values(manifest?.entryJSFiles ?? {})) for (const f of list) if (f.endsWith(".js")) files.add(f);
    let bytes = 0;
    for (const f of files) bytes += gz(f);
    const route = routeOf(appPath);
    out[route] = Math.max(out[route] ?? 0, Math.round((bytes / 1024) * 10) / 10);
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const distDir = process.argv[2] ?? process.env.BENCH_PAGES_DIST_DIR ?? ".next-bench";
  const kb = firstLoadJsKb(distDir);
  console.log(`\nFirst-load JS per page (${distDir}, gzip level 9; target <= 200 kB):\n`);
  console.log("| page | first-load JS kB | result |\n| --- | ---: | --- |");
  for (const [route, size] of Object.entries(kb)) console.log(`| \`${route}\` | ${size.toFixed(1)} | ${size <= 200 ? "PASS" : `over by ${(size - 200).toFixed(1)} kB`} |`);
}
