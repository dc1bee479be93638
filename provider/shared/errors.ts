// Errors a user sees. Messages name the operation, the service's own code and request id; they
// never contain a credential.

export class OrgAccountsError extends Error {
    constructor(message: string, options?: { cause?: unknown }) {
        super(message, options);
        this.name = new.target.name;
    }
}

/**
 * `@pulumi/pulumi`'s dynamic-provider plugin host writes every error that check, diff, read or
 * delete throws to its stderr as `${error}: ${error.stack}` before it returns the error to the
 * engine, and the CLI shows both: the message three times and a stack trace. For an error whose
 * message is complete (a user-facing one), this drops that one stderr line, so the engine's copy
 * is the only one. Any other output of the host, and any other error, is left alone. The set of
 * lines lives on `globalThis` so the copy inlined in `__provider` (providerShim) shares it.
 */
export function reportedOnceByPluginHost<E extends Error>(error: E): E {
    const key = Symbol.for("pulumi-org-accounts.hostLinesToDrop");
    const store = globalThis as unknown as Record<symbol, Set<string> | undefined>;
    let lines = store[key];
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
    (error as unknown as Record<symbol, unknown>)[Symbol.for("pulumi-org-accounts.reportedOnce")] = true;
    // The host writes the line as soon as the call's promise rejects; create and update write none.
    setTimeout(() => lines.delete(line), 10_000).unref();
    return error;
}

/** Whether `process` is the dynamic-provider plugin host (`node …/@pulumi/pulumi/cmd/dynamic-provider`). */
export function inDynamicProviderHost(): boolean {
    return /[\\/]cmd[\\/]dynamic-provider([\\/]index\.js)?$/.test(process.argv[1] ?? "");
}

/** The service answered with an error status and body. */
export class ApiError extends OrgAccountsError {
    constructor(
        readonly operation: string,
        readonly status: number,
        readonly errorCode: string,
        readonly errorMessage: string,
        readonly requestId: string | undefined,
        /** What to do about it, after the service's own message (e.g. which settings gave the credentials). */
        readonly hint?: string,
    ) {
        const said = hint ? `${errorMessage.replace(/\.?$/, ".")} ${hint}` : errorMessage;
        super(`${operation} failed: HTTP ${status} ${errorCode}: ${said}${requestId ? ` (request id ${requestId})` : ""}`);
    }
}

/**
 * A request that is not safe to repeat (it creates something) failed after it may have reached
 * the service: whether it took effect is unknown. Look it up before sending it again.
 */
export class AmbiguousRequestError extends OrgAccountsError {
    constructor(
        readonly operation: string,
        cause: unknown,
    ) {
        super(`${operation}: the outcome is unknown (${describeCause(cause)}); the request may have been processed`, { cause });
    }
}

/**
 * The network failed and retries were exhausted (or not allowed). `endpoint` says where the request
 * went and which setting sets it, e.g. "the AWS Organizations endpoint http://… (set by …)".
 */
export class TransportError extends OrgAccountsError {
    constructor(
        readonly operation: string,
        readonly attempts: number,
        cause: unknown,
        readonly endpoint?: string,
    ) {
        super(`${operation} failed after ${attempts} attempt(s)${endpoint ? ` to reach ${endpoint}` : ""}: ${describeCause(cause)}`, { cause });
    }

    /** The same failure, saying where the request went. */
    at(endpoint: string): TransportError {
        return new TransportError(this.operation, this.attempts, this.cause, endpoint);
    }
}

/**
 * The service has no record of a create-account request this stack recorded: the endpoint or
 * credentials point elsewhere than where it was sent, or the service lost or expired it.
 */
export class UnknownRequestError extends OrgAccountsError {
    constructor(readonly requestId: string) {
        super(`account creation ${requestId} is unknown to the service`);
    }
}

/** The service answered 2xx with a body that does not match the documented shape. */
export class ResponseShapeError extends OrgAccountsError {
    constructor(
        readonly operation: string,
        readonly detail: string,
    ) {
        super(`${operation} returned an unexpected response: ${detail}`);
    }
}

/**
 * The service refused the request before doing anything because of a limit that clears with time
 * (throttling, a quota of requests in progress, a concurrent change): wait and send it again.
 */
export class ThrottledError extends OrgAccountsError {
    constructor(
        readonly operation: string,
        readonly reason: string,
        cause?: unknown,
    ) {
        super(`${operation} was refused for now: ${reason}`, { cause });
    }
}

/**
 * The service refuses to remove or close the account for a reason that does not clear within a
 * delete's deadline (a waiting period of days, a payment method the account must get, a quota).
 * The provider logic tells the user the way out.
 */
export class DeletionRefusedError extends OrgAccountsError {
    constructor(
        readonly operation: string,
        /** The service's reason code, e.g. `WAIT_PERIOD_ACTIVE`. */
        readonly reason: string,
        /** The service's message and what the reason means. */
        readonly detail: string,
        cause?: unknown,
    ) {
        super(`${operation} was refused: ${reason}: ${detail}`, { cause });
    }
}

/** Missing or unusable credentials, endpoint or settings. */
export class ConfigurationError extends OrgAccountsError {}

/**
 * An answer that is not JSON (a web page, a proxy's error page): whatever answered is not the
 * cloud's API, so the endpoint setting (or the network in between) is what to correct. `endpoint`
 * says where the request went and which setting sets it.
 */
export class NotTheServiceError extends ConfigurationError {
    constructor(
        readonly operation: string,
        readonly status: number,
        /** The start of the body, or what the parser said of it. */
        seen: string,
        readonly endpoint: string,
    ) {
        super(
            `${operation} failed: ${endpoint} answered HTTP ${status} with a body that is not JSON (${seen || "empty"}), so it is not the Organizations API: correct that setting, or the proxy in between`,
        );
    }
}

/** The start of a body, on one line, quoted. */
export function bodyPreview(body: string): string {
    const text = body.replace(/\s+/g, " ").trim();
    return text ? JSON.stringify(text.length > 120 ? `${text.slice(0, 120)}…` : text) : "";
}

export function describeCause(cause: unknown): string {
    if (cause instanceof Error) {
        const code = (cause as { code?: unknown }).code;
        return typeof code === "string" ? `${code}: ${cause.message}` : cause.message;
    }
    return String(cause);
}

/** A wait reached its deadline (a poll, a queue slot, a refusal waited out). */
export class DeadlineExceededError extends OrgAccountsError {}
