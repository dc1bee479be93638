// Runs the vitest suite, prints its ten slowest files, and ends with one plain summary line
// ("N passed, N failed, N skipped"), which CI reads; the exit code is vitest's.
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

const report = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "vitest-")), "results.json");
const vitest = path.join(path.dirname(require.resolve("vitest/package.json")), "vitest.mjs");
const run = spawnSync(process.execPath, [vitest, "run", "--reporter=default", "--reporter=json", `--outputFile.json=${report}`, ...process.argv.slice(2)], {
    stdio: "inherit",
});
/** The files that took longest, so that a slow tier or a slowing test is seen at every run. */
function slowestFiles(results, count) {
    const files = results.testResults.map((file) => ({ name: path.relative(process.cwd(), file.name), ms: file.endTime - file.startTime }));
    files.sort((a, b) => b.ms - a.ms);
    return files.slice(0, count).map((file) => `  ${(file.ms / 1000).toFixed(1).padStart(7)} s  ${file.name}`);
}

try {
    const results = JSON.parse(fs.readFileSync(report, "utf8"));
    const skipped = results.numPendingTests + results.numTodoTests;
    console.log(`\nThe ten slowest test files:\n${slowestFiles(results, 10).join("\n")}`);
    console.log(`\n${results.numPassedTests} passed, ${results.numFailedTests} failed, ${skipped} skipped`);
} catch {
    console.log("\n0 passed, 1 failed (vitest wrote no results)");
}
process.exit(run.status ?? 1);
