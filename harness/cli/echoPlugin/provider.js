"use strict";
// A tiny provider plugin for the harness self-test: proves that a YAML program run by the real CLI
// and the real YAML language host reaches a plugin from a folder named in Pulumi.yaml
// (`plugins: providers: [{name, path}]` or `packages:`). It speaks just enough of the
// ResourceProvider protocol (https://github.com/pulumi/pulumi/blob/master/proto/pulumi/provider.proto)
// over the gRPC modules that ship inside @pulumi/pulumi: GetPluginInfo, GetSchema, CheckConfig,
// Configure, Check, Diff, Create, Read (an id alone imports), Update, Delete. Everything else answers UNIMPLEMENTED, which
// the engine accepts for Handshake, DiffConfig, Cancel and Attach.
//
// Package `yamlecho`, one resource `yamlecho:index:Echo`: input `message` (required string), outputs
// `message` and `greeting` (the provider's `yamlecho:greeting` config, default "Hello", then the message).
// Every call is appended, one JSON line each, to the file in $YAMLECHO_CALL_LOG when it is set.
const { createRequire } = require("node:module");
const fs = require("node:fs");

const pulumiRequire = createRequire(require.resolve("@pulumi/pulumi/package.json"));
const grpc = pulumiRequire("@grpc/grpc-js");
const providerGrpc = pulumiRequire("./proto/provider_grpc_pb");
const providerPb = pulumiRequire("./proto/provider_pb");
const pluginPb = pulumiRequire("./proto/plugin_pb");
const { Struct } = pulumiRequire("google-protobuf/google/protobuf/struct_pb");
const { Empty } = pulumiRequire("google-protobuf/google/protobuf/empty_pb");

const PACKAGE = "yamlecho";
const TYPE = `${PACKAGE}:index:Echo`;
const VERSION = "0.0.1";
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

const SCHEMA = {
    name: PACKAGE,
    version: VERSION,
    description: "A fixture provider that echoes a message.",
    config: { variables: { greeting: { type: "string", description: "The word put before every message." } } },
    provider: { properties: { greeting: { type: "string" } }, inputProperties: { greeting: { type: "string" } } },
    resources: {
        [TYPE]: {
            description: "Echoes its message with the provider's greeting.",
            properties: { message: { type: "string" }, greeting: { type: "string" } },
            required: ["message", "greeting"],
            inputProperties: { message: { type: "string", description: "What to echo." } },
            requiredInputs: ["message"],
        },
    },
};

let greeting = "Hello";
let nextId = 1;

function record(method, detail) {
    const file = process.env.YAMLECHO_CALL_LOG;
    if (file) fs.appendFileSync(file, `${JSON.stringify({ method, ...detail })}\n`);
}

const plain = (struct) => (struct ? struct.toJavaScript() : {});
const outputsOf = (inputs) => ({ message: inputs.message, greeting: inputs.message === UNKNOWN ? UNKNOWN : `${greeting}, ${inputs.message}` });

/** Wraps a handler: its answer or its error reaches the engine, and the call is recorded. */
function unary(method, handler) {
    return (call, callback) => {
        try {
            const { response, detail } = handler(call.request);
            record(method, detail ?? {});
            callback(null, response);
        } catch (error) {
            callback({ code: grpc.status.INTERNAL, details: error.message });
        }
    };
}

const service = {
    getPluginInfo: unary("GetPluginInfo", () => ({ response: new pluginPb.PluginInfo().setVersion(VERSION) })),
    getSchema: unary("GetSchema", () => ({ response: new providerPb.GetSchemaResponse().setSchema(JSON.stringify(SCHEMA)) })),
    checkConfig: unary("CheckConfig", (request) => ({ response: new providerPb.CheckResponse().setInputs(request.getNews()) })),
    configure: unary("Configure", (request) => {
        const configured = request.getVariablesMap().get(`${PACKAGE}:config:greeting`);
        if (configured) greeting = configured;
        return { response: new providerPb.ConfigureResponse().setAcceptsecrets(false), detail: { greeting } };
    }),
    check: unary("Check", (request) => {
        const news = plain(request.getNews());
        const response = new providerPb.CheckResponse().setInputs(request.getNews());
        if (typeof news.message !== "string" || news.message === "") {
            response.setFailuresList([new providerPb.CheckFailure().setProperty("message").setReason("message must be a non-empty string")]);
        }
        return { response, detail: { urn: request.getUrn() } };
    }),
    diff: unary("Diff", (request) => {
        const changed = plain(request.getOlds()).message !== plain(request.getNews()).message;
        const response = new providerPb.DiffResponse().setChanges(changed ? providerPb.DiffResponse.DiffChanges.DIFF_SOME : providerPb.DiffResponse.DiffChanges.DIFF_NONE);
        if (changed) response.setDiffsList(["message"]);
        return { response, detail: { urn: request.getUrn(), changed } };
    }),
    create: unary("Create", (request) => {
        const inputs = plain(request.getProperties());
        const id = `echo-${process.pid}-${nextId++}`;
        return { response: new providerPb.CreateResponse().setId(id).setProperties(Struct.fromJavaScript(outputsOf(inputs))), detail: { urn: request.getUrn(), id } };
    }),
    read: unary("Read", (request) => {
        const response = new providerPb.ReadResponse().setId(request.getId());
        // `pulumi import` reads by id alone (no properties): the echo "found" has the message `imported <id>`.
        const inputs = Object.keys(plain(request.getProperties())).length === 0 ? { message: `imported ${request.getId()}` } : plain(request.getInputs());
        response.setInputs(Struct.fromJavaScript(inputs)).setProperties(Struct.fromJavaScript(outputsOf(inputs)));
        return { response, detail: { id: request.getId() } };
    }),
    update: unary("Update", (request) => ({
        response: new providerPb.UpdateResponse().setProperties(Struct.fromJavaScript(outputsOf(plain(request.getNews())))),
        detail: { id: request.getId() },
    })),
    delete: unary("Delete", (request) => ({ response: new Empty(), detail: { id: request.getId() } })),
};

const server = new grpc.Server();
server.addService(providerGrpc.ResourceProviderService, service);
server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, port) => {
    if (error) {
        process.stderr.write(`pulumi-resource-${PACKAGE}: could not listen: ${error.message}\n`);
        process.exit(1);
    }
    // The engine reads the port from the plugin's first line of output.
    process.stdout.write(`${port}\n`);
});

// A killed CLI leaves its plugins behind: this one goes when its parent does.
const parent = process.ppid;
setInterval(() => {
    if (process.ppid !== parent) process.exit(0);
}, 500).unref();
