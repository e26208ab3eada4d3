// Runs in the browser before the app becomes interactive.
import { z } from "zod";

// Our Content-Security-Policy allows no eval (lib/security/headers.ts). zod compiles object parsers
// with `new Function` when it may, and probes for it once: the probe's caught failure is still
// reported as a CSP violation. Without JIT zod validates the same way, only without the probe.
z.config({ jitless: true });
