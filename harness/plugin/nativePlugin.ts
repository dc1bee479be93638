// The native provider plugin `pulumi-resource-orgaccounts` (bin/), started as the engine starts
// it: a child process given the engine's address, whose first stdout line is its port; and a
// client for the calls the dynamic host's harness client has no use for (CheckConfig, DiffConfig,
// GetSchema, Invoke, Handshake).
import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { emptyPb, providerPb, structPb, type StructPbModule } from "../pluginHost/deps";
import { ProviderClient, toPlain, type CheckResult, type DiffResult, type Props } from "../pluginHost/client";
import type { PulumiProgram } from "../cli/workspace";
import type { CheckResponse, DiffResponse, GetSchemaResponse, InvokeResponse, ProviderHandshakeResponse } from "@pulumi/pulumi/proto/provider_pb";

export const PLUGIN_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "bin");
export const PLUGIN_PATH = path.join(PLUGIN_DIR, "pulumi-resource-orgaccounts");

/** Pulumi.yaml naming the plugin's folder, as a user's project does (https://www.pulumi.com/docs/iac/concepts/projects/project-file/#plugins-options). */
export function usePlugin(program: PulumiProgram): void {
    const file = path.join(program.dir, "Pulumi.yaml");
    const text = fs.readFileSync(file, "utf8");
    if (!text.includes("plugins:")) fs.writeFileSync(file, `${text}plugins:\n  providers:\n    - name: orgaccounts\n      path: ${PLUGIN_DIR}\n`);
}

export interface NativePlugin {
    address: string;
    pid: number;
    /** Milliseconds from spawn to the port line. */
    startMs: number;
    /** Spawn time (performance.now()), for measuring later calls from it. */
    spawnedAt: number;
    stderr(): string;
    child: ChildProcess;
    exited: Promise<number | null>;
    close(): Promise<void>;
}

/**
 * `env` replaces the plugin's environment entirely (plus PATH and HOME), so that no credential of the test's own leaks in.
 * `executable`: another build of the plugin (the release's), instead of bin/'s.
 */
export async function startNativePlugin(options: { env?: Record<string, string>; engineAddress?: string; executable?: string } = {}): Promise<NativePlugin> {
    const env: Record<string, string> = { PATH: [path.dirname(process.execPath), process.env.PATH ?? ""].join(path.delimiter), HOME: process.env.HOME ?? "/tmp", ...options.env };
    const spawnedAt = performance.now();
    const child = spawn(options.executable ?? PLUGIN_PATH, [options.engineAddress ?? "127.0.0.1:1"], { env, stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    const port = await new Promise<string>((resolve, reject) => {
        const lines = createInterface({ input: child.stdout });
        lines.once("line", resolve);
        void exited.then((code) => reject(new Error(`the plugin exited with ${code} before its port line:\n${stderr}`)));
    });
    const startMs = performance.now() - spawnedAt;
    return {
        address: `127.0.0.1:${port.trim()}`,
        pid: child.pid!,
        startMs,
        spawnedAt,
        stderr: () => stderr,
        child,
        exited,
        close: async () => {
            if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
            await exited;
        },
    };
}

const struct = (props: Props) => structPb().Struct.fromJavaScript(toPlain(props) as Parameters<StructPbModule["Struct"]["fromJavaScript"]>[0]);
const DIFF_KINDS = ["ADD", "ADD_REPLACE", "DELETE", "DELETE_REPLACE", "UPDATE", "UPDATE_REPLACE"];
const CHANGES = ["DIFF_UNKNOWN", "DIFF_NONE", "DIFF_SOME"] as const;

/** A unary call of the generated gRPC client, by name (the calls ProviderClient does not wrap). */
type UnaryCall = (req: object, options: { deadline: Date }, callback: (err: { details?: string; message: string } | null, resp: unknown) => void) => void;

export class NativeClient extends ProviderClient {
    private raw<R, T>(method: string, req: object, decode: (resp: R) => T): Promise<T> {
        const client = (this as unknown as { client: Record<string, UnaryCall> }).client;
        return new Promise<T>((resolve, reject) =>
            client[method].call(client, req, { deadline: new Date(Date.now() + this.deadlineMs) }, (err, resp) =>
                err ? reject(new Error(err.details ?? err.message)) : resolve(decode(resp as R)),
            ),
        );
    }

    getSchema(): Promise<Record<string, unknown>> {
        return this.raw("getSchema", new (providerPb().GetSchemaRequest)(), (r: GetSchemaResponse) => JSON.parse(r.getSchema()) as Record<string, unknown>);
    }

    handshake(engineAddress: string): Promise<{ acceptSecrets: boolean }> {
        const req = new (providerPb().ProviderHandshakeRequest)().setEngineAddress(engineAddress);
        return this.raw("handshake", req, (r: ProviderHandshakeResponse) => ({ acceptSecrets: r.getAcceptSecrets() }));
    }

    checkConfig(urn: string, olds: Props, news: Props): Promise<CheckResult> {
        const req = new (providerPb().CheckRequest)().setUrn(urn).setOlds(struct(olds)).setNews(struct(news));
        return this.raw("checkConfig", req, (r: CheckResponse) => ({
            inputs: r.getInputs()?.toJavaScript() ?? {},
            failures: r.getFailuresList().map((f) => ({ property: f.getProperty(), reason: f.getReason() })),
        }));
    }

    diffConfig(urn: string, olds: Props, news: Props): Promise<DiffResult> {
        const req = new (providerPb().DiffRequest)().setUrn(urn).setOlds(struct(olds)).setOldInputs(struct(olds)).setNews(struct(news));
        return this.raw("diffConfig", req, (r: DiffResponse) => {
            const detailedDiff: Record<string, { kind: string; inputDiff: boolean }> = {};
            r.getDetaileddiffMap().forEach((v, k) => (detailedDiff[k] = { kind: DIFF_KINDS[v.getKind()], inputDiff: v.getInputdiff() }));
            return { changes: CHANGES[r.getChanges()], replaces: r.getReplacesList(), stables: [], diffs: r.getDiffsList(), deleteBeforeReplace: false, detailedDiff };
        });
    }

    invoke(token: string, args: Props): Promise<Props> {
        const req = new (providerPb().InvokeRequest)().setTok(token).setArgs(struct(args));
        return this.raw("invoke", req, (r: InvokeResponse) => r.getReturn()?.toJavaScript() ?? {});
    }

    cancel(): Promise<void> {
        return this.raw("cancel", new (emptyPb().Empty)(), () => undefined);
    }
}
