#!/usr/bin/env node
// Thin entry point: parse argv and call the CLI compiled into lib/ (`npm run build`).
import { runCli } from "../lib/src/cli/main.js";

const readStdin = async () => {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return new Uint8Array(Buffer.concat(chunks));
};

const code = await runCli(process.argv.slice(2), {
  cwd: process.cwd(),
  env: process.env,
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  readStdin,
  stdoutIsTTY: Boolean(process.stdout.isTTY),
});
process.exitCode = code;
