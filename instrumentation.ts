// Runs once when the console's server starts (Node.js runtime only).
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { checkConfigurationOrExit } = await import("@/lib/startup/check");
    await checkConfigurationOrExit();
    // The bulk-job worker (lib/jobs/worker.ts): its first look is a few seconds after start-up, and a
    // job created in this process starts at once.
    const [{ startJobWorker }, { db }] = await Promise.all([import("@/lib/jobs/worker"), import("@/lib/db")]);
    startJobWorker({ db: db() });
  }
}
