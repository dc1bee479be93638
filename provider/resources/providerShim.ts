// The object `pulumi.dynamic.Resource` serializes into `__provider`. It carries no logic and no
// settings: each method requires the implementation from the installed package when the plugin
// host calls it, so `__provider` stays small and holds no credential.
import type * as pulumi from "@pulumi/pulumi";
import type { ResourceKindName } from "../dynamicHost";

const IMPLEMENTATION = "pulumi-org-accounts/dist/provider/dynamicHost";

export class AccountProviderShim implements pulumi.dynamic.ResourceProvider {
    // Set by configure inside the plugin host; never serialized (configure runs after deserializing).
    private settings: unknown;

    constructor(private readonly kind: ResourceKindName) {}

    async configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
        this.settings = require(IMPLEMENTATION).configure(req.config);
    }

    async check(olds: any, news: any): Promise<pulumi.dynamic.CheckResult> {
        return require(IMPLEMENTATION).lifecycle(this.kind, this.settings).check(olds, news);
    }

    async diff(_id: string, olds: any, news: any): Promise<pulumi.dynamic.DiffResult> {
        return require(IMPLEMENTATION).lifecycle(this.kind, this.settings).diff(olds, news);
    }

    async create(inputs: any): Promise<pulumi.dynamic.CreateResult> {
        return require(IMPLEMENTATION).lifecycle(this.kind, this.settings).create(inputs);
    }

    async read(id: string, props: any): Promise<pulumi.dynamic.ReadResult> {
        return require(IMPLEMENTATION).lifecycle(this.kind, this.settings).read(id, props);
    }

    async update(id: string, olds: any, news: any): Promise<pulumi.dynamic.UpdateResult> {
        return require(IMPLEMENTATION).lifecycle(this.kind, this.settings).update(id, olds, news);
    }

    async delete(id: string, props: any): Promise<void> {
        await require(IMPLEMENTATION).lifecycle(this.kind, this.settings).delete(id, props);
    }
}
