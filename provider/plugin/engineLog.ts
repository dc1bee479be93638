// The plugin's progress lines, sent to the engine's log (the Engine service's Log,
// https://github.com/pulumi/pulumi/blob/master/proto/pulumi/engine.proto) as info messages of
// the resource whose call wrote them: the CLI shows them on that resource, as it shows the
// dynamic provider's. A line the engine cannot take goes to stderr, as before.
import { AsyncLocalStorage } from "node:async_hooks";
import type { EngineClient } from "@pulumi/pulumi/proto/engine_grpc_pb";
import { protocol } from "./protocol";

/** The URN of the resource a gRPC call is about, for the lines written while it runs. */
const callResource = new AsyncLocalStorage<string>();

/** Runs `work` as the call about `urn`: its progress lines are that resource's. */
export function asCallAbout<T>(urn: string | undefined, work: () => T): T {
    return urn ? callResource.run(urn, work) : work();
}

export class EngineLog {
    private client?: EngineClient;
    private clientAddress?: string;

    constructor(private address?: string) {}

    /** The engine's address, from the command line, Handshake or Attach. */
    setAddress(address: string | undefined): void {
        if (address) this.address = address;
    }

    write(line: string): void {
        const client = this.connect();
        if (!client) return console.error(line);
        const { engine } = protocol();
        const request = new engine.LogRequest()
            .setSeverity(engine.LogSeverity.INFO)
            .setMessage(line)
            .setUrn(callResource.getStore() ?? "");
        client.log(request, (error) => {
            if (error) console.error(line);
        });
    }

    private connect(): EngineClient | undefined {
        if (!this.address) return undefined;
        if (this.client && this.clientAddress === this.address) return this.client;
        this.client?.close();
        const { grpc, engineService } = protocol();
        this.client = new engineService.EngineClient(this.address, grpc.credentials.createInsecure());
        this.clientAddress = this.address;
        return this.client;
    }
}
