#!/usr/bin/env node
// The package's command line: `npx pulumi-org-accounts <command>`.
const COMMANDS = `usage: pulumi-org-accounts <command> [flags]

commands:
  emulator    run the Huawei Cloud and AWS Organizations emulators on loopback (--help for its flags)
  status <id> one create-account request: state, account id, failure reason and what to do
  list        the organization's create-account requests (--state, --since, --json; --help)`;

async function run(argv: string[]): Promise<void> {
    try {
        // First, so that an old Node gets one sentence instead of a crash inside a dependency.
        await import("../program/nodeVersion");
    } catch (error) {
        process.stderr.write(`${(error as Error).message}\n`);
        process.exit(1);
    }
    const [command, ...rest] = argv;
    if (command === "emulator") {
        const emulator = await import("../../emulator/cli");
        return emulator.main(rest).catch(emulator.reportAndExit);
    }
    if (command === "status" || command === "list") {
        const status = await import("./status");
        if (rest.includes("-h") || rest.includes("--help")) return void process.stdout.write(status.STATUS_USAGE + "\n");
        // Exits when done: idle keep-alive connections would hold the process open for a while.
        return status.runStatusCommand(command, rest).then(
            () => process.exit(0),
            (error: Error) => {
                process.stderr.write(`pulumi-org-accounts ${command}: ${error.message}\n`);
                process.exit(error instanceof status.StatusUsageError ? 2 : 1);
            },
        );
    }
    if (command === "-h" || command === "--help" || command === "help") {
        process.stdout.write(COMMANDS + "\n");
        return;
    }
    // No command is a mistake (a script that lost its argument): not a success.
    if (command === undefined) {
        process.stderr.write(`pulumi-org-accounts: a command is needed\n\n${COMMANDS}\n`);
        process.exit(2);
    }
    process.stderr.write(`pulumi-org-accounts: unknown command "${command}"\n\n${COMMANDS}\n`);
    process.exit(2);
}

void run(process.argv.slice(2));
