// How the production console server is started: `npm start` (scripts/start.mjs), the demo, the e2e
// global setup and the page benchmark all spawn it from here, so what is measured is what runs.
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");

/**
 * V8 memory settings of the console server (issue 11: RSS <= 300 MB while it serves pages and a
 * 100-org search). The live heap after a full collection is ~90-115 MB, but with V8's defaults the
 * young generation reserves 2 x 16 MB and the old one grows well past its live size before it is
 * collected: the server peaked at 340-350 MB in `npm run bench`. With 8 MB semi-spaces and the old
 * generation allowed 1.4 x its live size it peaked at 269-272 MB, with the same server CPU per page
 * and the same page times (README, Performance).
 */
export const CONSOLE_NODE_FLAGS = ["--max-semi-space-size=8", "--heap-growing-percent=40"];

/** `node <flags> next start <args>`: the command and arguments to spawn. */
export function consoleServerCommand(args) {
  return { command: process.execPath, args: [...CONSOLE_NODE_FLAGS, path.join(root, "node_modules", "next", "dist", "bin", "next"), "start", ...args] };
}
