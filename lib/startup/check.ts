// Start-up checks for the Node.js server (called from instrumentation.ts): refuse to run with bad
// configuration, one line per problem and no stack trace; warn early when the OIDC issuer is down.
import { env, EnvError } from "@/lib/env";
import { checkIssuer } from "@/lib/auth/issuer";

export async function checkConfigurationOrExit(): Promise<void> {
  try {
    env();
  } catch (err) {
    if (err instanceof EnvError) {
      console.error(`The console cannot start. ${err.message}\nSee .env.example for every variable.`);
      process.exit(1);
    }
    throw err;
  }
  const problem = await checkIssuer(env().OKTA_ISSUER);
  if (problem) console.warn(`Warning: ${problem}`);
}
