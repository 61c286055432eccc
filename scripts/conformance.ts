/**
 * `npm run conformance -- DIR`: checks our Pod Security Standards implementation
 * against a checkout of the Kubernetes pod-security-admission fixtures
 * (`staging/src/k8s.io/pod-security-admission/test/testdata`). Prints the agreement
 * per level and exits 1 below 100 %, 2 on a usage error.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { formatFigures, isFullAgreement, runConformance } from "../src/analysis/pss/conformance.js";

const USAGE = "usage: npm run conformance -- DIR   (DIR holds baseline/ and restricted/ fixture folders)";

export function main(argv: readonly string[]): number {
  const args = argv.filter((a) => a !== "--");
  if (args.includes("-h") || args.includes("--help")) {
    console.log(USAGE);
    return 0;
  }
  const verbose = args.includes("--verbose");
  const dirs = args.filter((a) => !a.startsWith("-"));
  if (dirs.length !== 1 || dirs[0] === undefined) {
    console.error(USAGE);
    return 2;
  }
  const dir = path.resolve(dirs[0]);
  if (!existsSync(dir)) {
    console.error(`conformance: ${dir} does not exist`);
    return 2;
  }
  const result = runConformance(dir);
  if (result.files === 0) {
    console.error(`conformance: no fixtures found under ${dir} (expected <level>/v1.<minor>/<pass|fail>/*.yaml)`);
    return 2;
  }
  for (const line of formatFigures(result)) console.log(line);
  const shown = verbose ? result.disagreements : result.disagreements.slice(0, 50);
  for (const d of shown) console.log(`  disagree ${d.file} (${d.wrap}): ${d.reason}`);
  if (shown.length < result.disagreements.length) {
    console.log(`  … and ${result.disagreements.length - shown.length} more (--verbose shows all)`);
  }
  console.log(`${result.files} fixtures, ${result.distinctContents} distinct contents`);
  return isFullAgreement(result) ? 0 : 1;
}

const invokedPath = process.argv[1] ? path.resolve(process.argv[1]) : "";
if (invokedPath === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}
