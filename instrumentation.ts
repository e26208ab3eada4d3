// Runs once when the console's server starts: refuses to run with bad configuration (one line per
// problem, no stack trace), and warns early when the MSP's Okta issuer does not answer.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { env, EnvError } = await import("@/lib/env");
  try {
    env();
  } catch (err) {
    if (err instanceof EnvError) {
      console.error(`The console cannot start. ${err.message}\nSee .env.example for every variable.`);
      process.exit(1);
    }
    throw err;
  }
  const { checkIssuer } = await import("@/lib/auth/issuer");
  const problem = await checkIssuer(env().OKTA_ISSUER);
  if (problem) console.warn(`Warning: ${problem}`);
}
