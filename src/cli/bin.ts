/**
 * The entry of the bundled CLI (`dist/cli-main.cjs`, loaded by the launcher `dist/cli.cjs`, the
 * package's `bin`): what `npx shipshape` and the pre-commit hook run. The launcher answers a lone
 * `--version` itself without loading this bundle; the Node version check sits in both banners,
 * before any module loads.
 */
import { runCli } from "./main.js";

async function readStdin(): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return new Uint8Array(Buffer.concat(chunks));
}

export async function main(): Promise<void> {
  process.exitCode = await runCli(process.argv.slice(2), {
    cwd: process.cwd(),
    env: process.env,
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    readStdin,
    stdoutIsTTY: Boolean(process.stdout.isTTY),
    stderrIsTTY: Boolean(process.stderr.isTTY),
    stderrColumns: process.stderr.columns,
  });
}

void main();
