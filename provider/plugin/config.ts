// The provider's configuration: an instance's inputs (an explicit provider's arguments, or the
// default provider's `orgaccounts:*` stack config) as the ConfigReader the dynamic provider's
// settings are read with (host/config/settings.ts), so that both read the same keys, with the same
// rules and the same environment variables when a key is unset.
import { ConfigurationError } from "../shared/errors";
import { CONFIG_NAMESPACE, type ConfigReader, type ProviderSettings, readSettings } from "../host/config/settings";
import { isSecret, type Props, reveal, secret, UNKNOWN } from "./properties";

/** Credentials: secret in the schema, and wrapped as secrets by CheckConfig whatever the program sent. */
export const SECRET_CONFIG_KEYS: readonly string[] = ["huaweiAccessKey", "huaweiSecretKey", "huaweiSecurityToken", "awsAccessKeyId", "awsSecretAccessKey", "awsSessionToken"];

/** Keys the engine adds to every provider's inputs, which are not settings. */
const ENGINE_KEYS = new Set(["version", "pluginDownloadURL"]);

/** A config value as settings.ts reads it: text (structured values as JSON, as the CLI stores them). */
function text(value: unknown): string | undefined {
    const plain = reveal(value);
    if (plain === undefined || plain === null || plain === UNKNOWN) return undefined;
    return typeof plain === "string" ? plain : JSON.stringify(plain);
}

/** The reader over an instance's inputs (keys without the namespace, as in CheckConfig and Configure's `args`). */
export function readerOf(inputs: Props, variables: Map<string, string> = new Map()): ConfigReader {
    return {
        get: (key) => {
            if (!key.startsWith(`${CONFIG_NAMESPACE}:`)) return undefined;
            const name = key.slice(CONFIG_NAMESPACE.length + 1);
            // The engine sends `variables` as `<package>:config:<key>` (older engines: `<package>:<key>`).
            const variable = variables.get(`${CONFIG_NAMESPACE}:config:${name}`) ?? variables.get(key);
            return variable !== undefined && variable !== UNKNOWN ? variable : text(inputs[name]);
        },
    };
}

export interface ConfigCheck {
    inputs: Props;
    failures: { property: string; reason: string }[];
}

/**
 * CheckConfig: the settings read as Configure will read them; a failure names the key. The
 * credentials come back wrapped as secrets, so that the engine stores them encrypted.
 */
export function checkConfig(news: Props, env: NodeJS.ProcessEnv = process.env): ConfigCheck {
    const inputs = Object.fromEntries(Object.entries(news).map(([key, value]) => [key, SECRET_CONFIG_KEYS.includes(key) && !isSecret(value) ? secret(value) : value]));
    try {
        readSettings(readerOf(news), env);
        return { inputs, failures: [] };
    } catch (error) {
        if (!(error instanceof ConfigurationError)) throw error;
        const key = new RegExp(`${CONFIG_NAMESPACE}:(\\w+)`).exec(error.message)?.[1];
        return { inputs, failures: [{ property: key && key in news ? key : "", reason: error.message }] };
    }
}

/** Configure: the instance's settings, from `variables` and `args`. */
export function settingsOf(args: Props, variables: Map<string, string>, env: NodeJS.ProcessEnv = process.env): ProviderSettings {
    return readSettings(readerOf(args, variables), env);
}

/** DiffConfig: the keys whose value changed. A provider's settings never replace an account. */
export function changedConfigKeys(olds: Props, news: Props): string[] {
    const keys = new Set([...Object.keys(olds), ...Object.keys(news)]);
    return [...keys].filter((key) => !ENGINE_KEYS.has(key) && text(olds[key]) !== text(news[key]));
}
