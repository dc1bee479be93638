// Makes `require("pulumi-org-accounts")` resolve inside this repository, as it does in a user's
// project: the plugin host evaluates the serialized provider with the program directory's
// node_modules, and the provider requires its implementation from there at call time.
const fs = require("node:fs");
const path = require("node:path");

const link = path.join(__dirname, "..", "node_modules", "pulumi-org-accounts");
try {
    if (fs.readlinkSync(link) === "..") process.exit(0);
    fs.rmSync(link, { force: true });
} catch {
    // no link yet
}
fs.symlinkSync("..", link, "dir");
