// The engine's property values (protobuf Structs) as plain JS values and back. The engine marks a
// secret with a signature object and an unknown (preview) value with a sentinel string; see
// https://github.com/pulumi/pulumi/blob/master/sdk/go/common/resource/plugin/rpc.go
// (the `4dabf18193072939515e22adb298388d` signature key and `UnknownStringValue`).
import { protocol } from "./protocol";

/** The engine's unknown value (the same as host/validation/inputs's, not imported: that loads zod, after the port line). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
export const SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

export type Props = Record<string, unknown>;

export function isSecret(value: unknown): value is { value: unknown } {
    return typeof value === "object" && value !== null && (value as Props)[SIG_KEY] === SECRET_SIG;
}

/** A value with every secret unwrapped. */
export function reveal(value: unknown): unknown {
    if (isSecret(value)) return reveal(value.value);
    if (Array.isArray(value)) return value.map(reveal);
    if (typeof value === "object" && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, reveal(v)]));
    return value;
}

export function secret(value: unknown): Props {
    return { [SIG_KEY]: SECRET_SIG, value };
}

/** The top-level keys whose values the engine sent as secrets (or holding one). */
export function secretKeys(props: Props): Set<string> {
    const hasSecret = (value: unknown): boolean =>
        isSecret(value) || (Array.isArray(value) ? value.some(hasSecret) : typeof value === "object" && value !== null && Object.values(value).some(hasSecret));
    return new Set(Object.keys(props).filter((key) => hasSecret(props[key])));
}

/** `props` with the values of `keys` wrapped as secrets again (the engine then keeps them encrypted). */
export function withSecrets(props: Props, keys: Set<string>): Props {
    return Object.fromEntries(Object.entries(props).map(([k, v]) => [k, keys.has(k) && !isSecret(v) ? secret(v) : v]));
}

/** A Struct as plain values (secrets still wrapped). */
export function fromStruct(struct: { toJavaScript(): unknown } | undefined): Props {
    return (struct?.toJavaScript() as Props | undefined) ?? {};
}

export function toStruct(props: Props): unknown {
    return protocol().struct.Struct.fromJavaScript(plain(props));
}

/** What a Struct can carry: undefined dropped, as the engine does. */
function plain(value: unknown): unknown {
    if (value === undefined) return null;
    if (Array.isArray(value)) return value.map(plain);
    if (typeof value === "object" && value !== null) {
        return Object.fromEntries(
            Object.entries(value)
                .filter(([, v]) => v !== undefined)
                .map(([k, v]) => [k, plain(v)]),
        );
    }
    return value;
}
