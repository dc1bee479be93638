// The object `pulumi.dynamic.Resource` serializes into `__provider`. It carries no logic and no
// settings: each method requires the implementation from the installed package when the plugin
// host calls it, so `__provider` stays small and holds no credential. States keep this text (a
// delete runs the text recorded with the resource), so the module path and the implementation's
// exports `configure` and `lifecycle` never change; everything the text uses is in this file.
import type * as pulumi from "@pulumi/pulumi";
import type { CloudName } from "../shared/cloudNames";
import type { HostSettings } from "../dynamicHost";

const IMPLEMENTATION = "pulumi-org-accounts/dist/provider/dynamicHost";

export class AccountProviderShim implements pulumi.dynamic.ResourceProvider {
    // Set by configure inside the plugin host; never serialized (configure runs after deserializing).
    private settings: unknown;
    // The host configures a provider once, and calls it afterwards even when that failed: each call
    // then fails the same way instead of running with no settings.
    private configureFailure: unknown;

    constructor(private readonly kind: CloudName) {}

    async configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
        try {
            this.settings = implementation().configure(req.config);
        } catch (error) {
            this.configureFailure = error;
            throw error;
        }
    }

    async check(olds: any, news: any): Promise<pulumi.dynamic.CheckResult> {
        return this.calls().check(olds, news);
    }

    async diff(_id: string, olds: any, news: any): Promise<pulumi.dynamic.DiffResult> {
        return this.calls().diff(olds, news);
    }

    async create(inputs: any): Promise<pulumi.dynamic.CreateResult> {
        return this.calls().create(inputs);
    }

    async read(id: string, props: any): Promise<pulumi.dynamic.ReadResult> {
        return this.calls().read(id, props);
    }

    async update(id: string, olds: any, news: any): Promise<pulumi.dynamic.UpdateResult> {
        return this.calls().update(id, olds, news);
    }

    async delete(id: string, props: any): Promise<void> {
        await this.calls().delete(id, props);
    }

    private calls(): any {
        const failure: any = this.configureFailure;
        if (failure !== undefined) throw failure?.[Symbol.for("pulumi-org-accounts.reportedOnce")] ? reportedOnceByPluginHost(failure) : failure;
        return implementation().lifecycle(this.kind, this.settings as HostSettings | undefined);
    }
}

/**
 * The installed implementation. When Node.js cannot resolve the package from the program's folder
 * (a CI job that runs `pulumi destroy` without installing the program's dependencies), one
 * sentence naming the package and the folder to install it in: the nearest one above the plugin
 * host's working folder (the program's, where it resolves the package from) with a package.json.
 * (Comments inside these functions would be stored in every state: they stay out here.)
 */
function implementation(): typeof import("../dynamicHost") {
    try {
        return require(IMPLEMENTATION);
    } catch (error: any) {
        if (error?.code !== "MODULE_NOT_FOUND" || !String(error.message).includes(`'${IMPLEMENTATION}'`)) throw error;
        const fs = require("node:fs");
        const path = require("node:path");
        const programDir = process.cwd();
        let dir = programDir;
        while (!fs.existsSync(path.join(dir, "package.json")) && path.dirname(dir) !== dir) dir = path.dirname(dir);
        if (!fs.existsSync(path.join(dir, "package.json"))) dir = programDir;
        let declared = false;
        try {
            const manifest = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
            declared = Boolean(manifest.dependencies?.["pulumi-org-accounts"] ?? manifest.devDependencies?.["pulumi-org-accounts"]);
        } catch {}
        const install = declared ? "`npm install`" : "`npm install pulumi-org-accounts`";
        const missing = new Error(
            `The package pulumi-org-accounts is not installed where this program runs: Node.js cannot resolve "${IMPLEMENTATION}" from ${programDir}; ` +
                `run ${install} in ${dir}, then run the Pulumi command again.`,
        );
        missing.name = "PackageNotInstalledError";
        throw reportedOnceByPluginHost(missing);
    }
}

/**
 * The plugin host writes an error thrown by check, diff, read or delete to its stderr as
 * `${error}: ${error.stack}` and returns it to the engine, so the CLI would show it three times
 * with a stack: this drops that stderr line. The same as `reportedOnceByPluginHost` in
 * ../errors.ts (which the host cannot load here), sharing its set of lines on `globalThis`.
 */
function reportedOnceByPluginHost(error: Error): Error {
    const key = Symbol.for("pulumi-org-accounts.hostLinesToDrop");
    const store = globalThis as any;
    let lines: Set<string> = store[key];
    if (!lines) {
        const dropping = (lines = store[key] = new Set<string>());
        const write = console.error;
        console.error = function (this: Console, ...args: unknown[]) {
            if (args.length === 1 && typeof args[0] === "string" && dropping.delete(args[0])) return;
            return write.apply(this, args);
        };
    }
    const line = `${error}: ${error.stack}`;
    lines.add(line);
    (error as any)[Symbol.for("pulumi-org-accounts.reportedOnce")] = true;
    setTimeout(() => lines.delete(line), 10_000).unref();
    return error;
}
