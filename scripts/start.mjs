#!/usr/bin/env node
// `npm start [-- -p <port>]`: the production console server (`next start`) with the console's node
// flags (scripts/console-server.mjs). Signals are passed on; the exit code is the server's.
import { spawn } from "node:child_process";
import os from "node:os";
import { consoleServerCommand } from "./console-server.mjs";

const { command, args } = consoleServerCommand(process.argv.slice(2));
const server = spawn(command, args, { stdio: "inherit" });
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code, signal) => process.exit(code ?? 128 + (os.constants.signals[signal] ?? 0)));
