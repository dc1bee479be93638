// A user's Pulumi YAML program, run by the real Pulumi CLI and the real YAML language host
// (`pulumi-language-yaml`, built by scripts/pulumi-cli.js beside the CLI): the same isolated
// workspace as the Node.js programs (workspace.ts: PULUMI_HOME, file backend, passphrase, no update
// check, no plugin download), but no attached stand-in host: the CLI starts the YAML host itself,
// which it finds on PATH or beside its own binary (`IsPluginBundled` and `getPluginInfoAndPath` in
// https://github.com/pulumi/pulumi/blob/master/sdk/go/common/workspace/plugins.go).
//
// The program is Pulumi.yaml itself (https://www.pulumi.com/docs/iac/languages-sdks/yaml/yaml-language-reference/):
// `write()` takes its sections as values (or the YAML text after `runtime:`), and a provider
// plugin is taken from a folder holding its `pulumi-resource-<name>` executable, named in
// `plugins: providers:` or `packages:`.
import * as fs from "node:fs";
import * as path from "node:path";
import { PulumiProgram, REPO_ROOT, expectSuccess, type CliResult, type ProgramOptions } from "./workspace";

/** A config key the program declares: its type, default and whether it is secret. */
export interface YamlConfigDeclaration {
    type?: "string" | "integer" | "boolean" | "array" | "object";
    default?: unknown;
    secret?: boolean;
}

/** A resource of the program (`options` as the YAML reference spells them: provider, dependsOn, import, protect, ...). */
export interface YamlResource {
    type: string;
    properties?: Record<string, unknown>;
    options?: Record<string, unknown>;
    get?: { id: string; state?: Record<string, unknown> };
    defaultProvider?: boolean;
}

/** A provider plugin taken from a local folder (its `pulumi-resource-<name>` executable). */
export interface LocalPlugin {
    name: string;
    /** The folder holding `pulumi-resource-<name>`. */
    path: string;
    version?: string;
}

/** The sections of Pulumi.yaml that make the program. Expressions are strings (`${res.prop}`) or objects (`{ "fn::secret": ... }`). */
export interface YamlProgramSpec {
    config?: Record<string, YamlConfigDeclaration>;
    variables?: Record<string, unknown>;
    resources?: Record<string, YamlResource>;
    outputs?: Record<string, unknown>;
    /** `plugins: providers:`: each plugin run from its folder. */
    plugins?: readonly LocalPlugin[];
    /** `packages:`: a package name and the folder of its plugin (or any package source the CLI takes). */
    packages?: Record<string, string>;
}

export interface YamlProgramOptions extends ProgramOptions {
    /** Folder holding `pulumi-language-yaml` (from the global setup: `inject("pulumiYamlHostDir")`). */
    yamlHostDir: string;
    /** The program as Pulumi.yaml's sections. */
    spec?: YamlProgramSpec;
    /** Or the program as YAML text: Pulumi.yaml after its `name:`, `runtime:` and `description:` lines. */
    source?: string;
}

export class YamlProgram extends PulumiProgram {
    private constructor(options: YamlProgramOptions) {
        // The CLI takes a bundled language host from PATH first, then from beside its own binary: the
        // pinned host goes first on PATH, so that a CLI from an official release (whose folder holds
        // its own pulumi-language-yaml) runs it too, saying "using pulumi-language-yaml from $PATH".
        super({ ...options, source: undefined, path: [options.yamlHostDir, ...(options.path ?? [])] });
    }

    /** Writes Pulumi.yaml and creates the program's stack. */
    static async create(options: YamlProgramOptions): Promise<YamlProgram> {
        const hostBinary = path.join(options.yamlHostDir, "pulumi-language-yaml");
        if (!fs.existsSync(hostBinary)) throw new Error(`the YAML language host is not at ${hostBinary}: run \`npm run pulumi-cli\`, which builds it`);
        const program = new YamlProgram(options);
        fs.mkdirSync(path.join(program.root, "state"));
        const source = options.spec ?? options.source;
        if (!options.programDir) {
            fs.mkdirSync(program.dir, { recursive: true });
            program.write(source ?? {});
        } else if (source !== undefined) program.write(source);
        await program.cli(["stack", "init", program.stack]).then(expectSuccess);
        return program;
    }

    /** Replaces Pulumi.yaml: the project's name and `runtime: yaml`, then the program. */
    override write(source: YamlProgramSpec | string): void {
        const header = `name: ${this.project}\nruntime: yaml\ndescription: a generated test program\n`;
        fs.writeFileSync(path.join(this.dir, "Pulumi.yaml"), header + (typeof source === "string" ? source : yamlProgramText(source)));
    }

    /** The program's current Pulumi.yaml. */
    text(): string {
        return fs.readFileSync(path.join(this.dir, "Pulumi.yaml"), "utf8");
    }

    /** `pulumi stack output <name>`: what a user reads (`--show-secrets` shows a secret's value). */
    async output(name: string, options: { showSecrets?: boolean } = {}): Promise<CliResult> {
        return this.cli(["stack", "output", name, ...(options.showSecrets ? ["--show-secrets"] : [])]);
    }

    /** `pulumi plugin install resource <name> <version> --file <folder|tarball|executable>`, into this program's PULUMI_HOME. */
    installPlugin(name: string, version: string, file: string): Promise<CliResult> {
        return this.cli(["plugin", "install", "resource", name, version, "--file", file]);
    }

    /** The real host runs the program: the CLI attaches to nothing. */
    protected override attachLanguageHost(): Promise<undefined> {
        return Promise.resolve(undefined);
    }
}

/** Pulumi.yaml's program sections as YAML text. */
export function yamlProgramText(spec: YamlProgramSpec): string {
    const sections: Record<string, unknown> = {};
    if (spec.plugins) sections.plugins = { providers: spec.plugins };
    if (spec.packages) sections.packages = spec.packages;
    for (const key of ["config", "variables", "resources", "outputs"] as const) if (spec[key]) sections[key] = spec[key];
    return Object.keys(sections).length === 0 ? "" : toYaml(sections, 0);
}

/** Block-style YAML; strings are double-quoted (a JSON string is a valid YAML double-quoted scalar). */
function toYaml(value: unknown, indent: number): string {
    const pad = " ".repeat(indent);
    if (Array.isArray(value)) {
        if (value.length === 0) return `${pad}[]\n`;
        return value.map((item) => `${pad}-${isCollection(item) ? `\n${toYaml(item, indent + 2)}` : ` ${scalar(item)}\n`}`).join("");
    }
    if (isCollection(value)) {
        const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
        if (entries.length === 0) return `${pad}{}\n`;
        return entries
            .map(([key, v]) => `${pad}${/^[A-Za-z_][\w:.-]*$/.test(key) ? key : JSON.stringify(key)}:${isCollection(v) ? `\n${toYaml(v, indent + 2)}` : ` ${scalar(v)}\n`}`)
            .join("");
    }
    return `${pad}${scalar(value)}\n`;
}

function isCollection(value: unknown): boolean {
    return typeof value === "object" && value !== null && (!Array.isArray(value) || value.length > 0) && (Array.isArray(value) || Object.keys(value).length > 0);
}

function scalar(value: unknown): string {
    if (Array.isArray(value)) return "[]";
    if (typeof value === "object" && value !== null) return "{}";
    return value === null ? "null" : JSON.stringify(value);
}

/**
 * The fixture provider plugin (harness/cli/echoPlugin): `yamlecho:index:Echo`, `message` in,
 * `greeting` out. A copy outside this repository (the plugin cache) finds @pulumi/pulumi through
 * `NODE_PATH=<repo>/node_modules` in the CLI's environment.
 */
export const ECHO_PLUGIN = {
    name: "yamlecho",
    version: "0.0.1",
    dir: path.join(REPO_ROOT, "harness", "cli", "echoPlugin"),
    type: "yamlecho:index:Echo",
    /** Set to a file path in the CLI's environment: the plugin appends one JSON line per call it answers. */
    callLogVariable: "YAMLECHO_CALL_LOG",
} as const;
