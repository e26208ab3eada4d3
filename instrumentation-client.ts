// Runs in the browser before the app becomes interactive, on every page: keep it tiny.
// `zod/v4/core`'s `config` alone, not the `z` namespace (that would put all of zod, ~31 kB gzip, in
// every page's first load); both write the same global config the full zod reads later.
import { config } from "zod/v4/core";

// Our Content-Security-Policy allows no eval (lib/security/headers.ts). zod compiles object parsers
// with `new Function` when it may, and probes for it once: the probe's caught failure is still
// reported as a CSP violation. Without JIT zod validates the same way, only without the probe.
config({ jitless: true });
