// A console instance's job worker alone, for the kill-and-restart and two-instance tests
// (tests/integration/jobs-restart.test.ts): `node --import tsx --conditions=react-server tests/helpers/job-worker-process.ts`
// with DATABASE_URL, CREDENTIAL_KEYS, AUDIT_KEYS, ALLOW_LOCAL_ORG_URLS=true, JOB_INSTANCE_ID and
// JOB_LEASE_MS in the environment. Runs until killed; prints "ready" once polling.
import { createDb } from "../../lib/db/client.ts";
import { JobWorker } from "../../lib/jobs/worker.ts";

const db = createDb(process.env.DATABASE_URL);
const worker = new JobWorker({
  db,
  instanceId: process.env.JOB_INSTANCE_ID ?? `child-${process.pid}`,
  leaseMs: Number(process.env.JOB_LEASE_MS ?? 2_000),
  pollMs: 100,
  firstPollMs: 0,
  log: false,
});
worker.start();
// The worker's poll timer is unref'd (in the console it must not hold the server open); alone, this
// process needs a handle of its own or it exits between two polls.
setInterval(() => {}, 60_000);
process.stdout.write("ready\n");
process.on("SIGTERM", () => {
  void worker.stop({ abort: true }).then(() => process.exit(0));
});
