// The credentials check at `check` (so at `pulumi preview`): one cheap read of the organization,
// whose failure becomes one message saying what to fix. The backends' errors already name the
// operation, the endpoint and the settings in use; this says what the failure means for the run.
import { ApiError, ConfigurationError, TransportError } from "../../shared/errors";
import { SKIP_CREDENTIALS_VALIDATION } from "./settings";

/** What a refusal of the check's read means: credentials not accepted, or accepted but not allowed. */
export type CredentialsRefusal = "refused" | "denied" | undefined;

const SKIP_HINT =
    `To preview without this check, set orgaccounts:${SKIP_CREDENTIALS_VALIDATION.key} to true ` +
    `(or ${SKIP_CREDENTIALS_VALIDATION.env}=true); \`pulumi up\` still needs working credentials.`;

/** `cloud`: "Huawei Cloud" or "AWS"; `classify` tells what the service's refusal means. */
export function credentialsCheckFailure(cloud: string, error: unknown, classify: (error: ApiError) => CredentialsRefusal): ConfigurationError {
    if (error instanceof ConfigurationError) return error;
    const message = (error instanceof Error ? error.message : String(error)).replace(/\.?$/, ".");
    const cause = { cause: error };
    if (error instanceof TransportError) {
        return new ConfigurationError(`${cloud} Organizations cannot be reached: ${message} Correct that setting, or the network.`, cause);
    }
    const refusal = error instanceof ApiError ? classify(error) : undefined;
    if (refusal === "refused") return new ConfigurationError(`${cloud} refused the credentials: ${message}`, cause);
    if (refusal === "denied") return new ConfigurationError(`${cloud} accepted the credentials but refused to show their organization: ${message} ${SKIP_HINT}`, cause);
    return new ConfigurationError(`The ${cloud} credentials check (one read of the organization) failed: ${message} ${SKIP_HINT}`, cause);
}
