#!/usr/bin/env node
// Builds the committed bundles with esbuild: dist/cli.cjs (the package's `bin`: npx and the
// pre-commit hook; a launcher for dist/cli-main.cjs) and dist/action.cjs (the GitHub Action). Each is one self-contained file with
// every dependency inside; nothing is downloaded or built at run time. The output is
// deterministic (paths in it are relative to the repo root), so a test can rebuild into a
// temporary directory and compare byte for byte. A conflict in dist/ is resolved by rerunning
// this script, never by hand.
//
// Usage: node scripts/build-dist.mjs [--outdir DIR]
import { build } from "esbuild";
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

// Runs before anything else in the file (CommonJS: nothing is loaded until this line passes).
const NODE_GUARD = [
  'if (Number(process.versions.node.split(".")[0]) < 20) {',
  '  process.stderr.write("shipshape needs Node.js 20 or newer; this is Node.js " + process.versions.node + ". Install a current LTS release from https://nodejs.org/\\n");',
  "  process.exit(2);",
  "}",
].join("\n");
// Modules find package.json and data/ relative to import.meta.url. In the bundle each module's
// import.meta.url is the URL its source file would have in the package (dist/ sits one level
// below the root), so those lookups work unchanged.
const ROOT_URL = 'var __shipshape_root_url = require("node:url").pathToFileURL(require("node:path").join(__dirname, "..") + "/").href;';

/** esbuild plugin: `import.meta.url` in our sources → the package-root URL + the source's own path. */
const sourceLocations = {
  name: "source-locations",
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, async (args) => {
      const rel = path.relative(root, args.path).split(path.sep).join("/");
      if (rel.startsWith("..") || rel.startsWith("node_modules/")) return undefined;
      const text = await readFile(args.path, "utf8");
      return { contents: text.replaceAll("import.meta.url", `(__shipshape_root_url + ${JSON.stringify(rel)})`), loader: "ts" };
    });
  },
};

export const BUNDLES = [
  { entry: "src/cli/bin.ts", out: "cli-main.cjs", shebang: false },
  { entry: "src/action/main.ts", out: "action.cjs", shebang: false },
];

// dist/cli.cjs (the package's `bin`) is a small launcher: `--version` must answer without
// compiling the 2 MB CLI bundle (it must cost at most 60 ms above a bare `node -e 0`); every other
// invocation loads dist/cli-main.cjs, whose own banner repeats the Node version guard.
const LAUNCHER = [
  "#!/usr/bin/env node",
  NODE_GUARD,
  "var args = process.argv.slice(2);",
  'if (args.length === 1 && (args[0] === "--version" || args[0] === "-v")) {',
  '  var pkg = JSON.parse(require("node:fs").readFileSync(require("node:path").join(__dirname, "..", "package.json"), "utf8"));',
  '  process.stdout.write(pkg.version + "\\n");',
  "} else {",
  '  require("./cli-main.cjs");',
  "}",
  "",
].join("\n");

export async function buildDist(outdir = path.join(root, "dist")) {
  mkdirSync(outdir, { recursive: true });
  for (const b of BUNDLES) {
    await build({
      absWorkingDir: root,
      entryPoints: [b.entry],
      outfile: path.join(outdir, b.out),
      bundle: true,
      platform: "node",
      format: "cjs",
      // Old enough syntax that Node 16/18 can parse the file and reach the version guard.
      target: "node16",
      plugins: [sourceLocations],
      banner: { js: `${b.shebang ? "#!/usr/bin/env node\n" : ""}${NODE_GUARD}\n${ROOT_URL}` },
      legalComments: "eof",
      charset: "utf8",
      logLevel: "warning",
    });
  }
  writeFileSync(path.join(outdir, "cli.cjs"), LAUNCHER);
  chmodSync(path.join(outdir, "cli.cjs"), 0o755);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf("--outdir");
  await buildDist(i > 0 ? path.resolve(process.argv[i + 1]) : undefined);
}
