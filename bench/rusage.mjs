// Preloaded into a measured child (node --import): on exit, write its CPU time and peak RSS to
// the file named by BENCH_RUSAGE_FILE.
import { writeFileSync } from "node:fs";

const file = process.env.BENCH_RUSAGE_FILE;
if (file) {
  process.on("exit", () => {
    const u = process.resourceUsage();
    writeFileSync(file, JSON.stringify({ cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000, maxRssKb: u.maxRSS }));
  });
}
