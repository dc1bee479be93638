// Endpoints given by the user (stack config or environment): a URL with an http or https scheme.
// `new URL("localhost:1234")` succeeds (its scheme would be "localhost:"), so the scheme is
// checked too, and the message says how to write the endpoint instead of "Invalid URL".
import { ConfigurationError } from "./errors";

/** `setting` names where the text came from, e.g. `orgaccounts:huaweiEndpoint` or `HW_ORGANIZATIONS_ENDPOINT`. */
export function parseEndpoint(text: string, setting: string): URL {
    let url: URL | undefined;
    try {
        url = new URL(text);
    } catch {
        url = undefined;
    }
    if (url && (url.protocol === "https:" || url.protocol === "http:") && url.hostname !== "") return url;
    throw new ConfigurationError(`${setting} is "${text}", which is not an endpoint URL: ${endpointProblem(text, url)}.`);
}

function endpointProblem(text: string, url: URL | undefined): string {
    const bare = text.trim();
    if (bare === "") return "it is empty; give a URL such as https://organizations.example.com, or unset it for the default";
    if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(bare)) {
        return `it has no http:// or https:// scheme; write it as "https://${bare}" (or "http://${bare}" for a local emulator)`;
    }
    if (url && url.protocol !== "https:" && url.protocol !== "http:") return `its scheme is ${url.protocol.replace(/:$/, "")}, and only https and http are allowed`;
    return "it cannot be read as a URL (e.g. a space or a bad port); write it as https://host[:port]";
}
