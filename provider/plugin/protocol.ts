// The engine's protocol: the ResourceProvider service, the Engine's log and the messages generated from
// https://github.com/pulumi/pulumi/tree/master/proto/pulumi, as @pulumi/pulumi ships them, with
// the @grpc/grpc-js and google-protobuf instances those modules were built against (jspb messages
// only interoperate within one google-protobuf instance). Loaded once, on first use.
import { createRequire } from "node:module";

export interface Protocol {
    grpc: typeof import("@grpc/grpc-js");
    service: any;
    provider: any;
    plugin: any;
    status: any;
    struct: any;
    any: any;
    empty: any;
    engine: typeof import("@pulumi/pulumi/proto/engine_pb");
    engineService: typeof import("@pulumi/pulumi/proto/engine_grpc_pb");
}

let loaded: Protocol | undefined;

export function protocol(): Protocol {
    if (loaded) return loaded;
    const pulumiRequire = createRequire(require.resolve("@pulumi/pulumi/package.json"));
    loaded = {
        grpc: pulumiRequire("@grpc/grpc-js") as typeof import("@grpc/grpc-js"),
        service: pulumiRequire("./proto/provider_grpc_pb"),
        provider: pulumiRequire("./proto/provider_pb"),
        plugin: pulumiRequire("./proto/plugin_pb"),
        status: pulumiRequire("./proto/status_pb"),
        struct: pulumiRequire("google-protobuf/google/protobuf/struct_pb"),
        any: pulumiRequire("google-protobuf/google/protobuf/any_pb"),
        empty: pulumiRequire("google-protobuf/google/protobuf/empty_pb"),
        engine: pulumiRequire("./proto/engine_pb") as Protocol["engine"],
        engineService: pulumiRequire("./proto/engine_grpc_pb") as Protocol["engineService"],
    };
    return loaded;
}
