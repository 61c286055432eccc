/** The entry of the bundled Action (`dist/action.cjs`, run by the runner on node24). */
import { runAction } from "./run.js";

export async function main(): Promise<void> {
  process.exitCode = await runAction({ env: process.env, cwd: process.cwd(), stdout: (s) => process.stdout.write(s) });
}

void main();
