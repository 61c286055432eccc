#!/usr/bin/env node
if (Number(process.versions.node.split(".")[0]) < 20) {
  process.stderr.write("shipshape needs Node.js 20 or newer; this is Node.js " + process.versions.node + ". Install a current LTS release from https://nodejs.org/\n");
  process.exit(2);
}
var args = process.argv.slice(2);
if (args.length === 1 && (args[0] === "--version" || args[0] === "-v")) {
  var pkg = JSON.parse(require("node:fs").readFileSync(require("node:path").join(__dirname, "..", "package.json"), "utf8"));
  process.stdout.write(pkg.version + "\n");
} else {
  require("./cli-main.cjs");
}
