// `pulumi import` and the `import` resource option: a Read with an id and no properties.
// The hook the import work fills in; until then one clear refusal.
import { OrgAccountsError } from "../shared/errors";
import type { Outputs } from "../host/lifecycle/kind";
import type { ProviderInstance, Target } from "./instance";

export function importAccount(_instance: ProviderInstance, target: Target, id: string): Promise<{ id: string; props: Outputs; inputs?: Outputs }> {
    return Promise.reject(new OrgAccountsError(`importing an account (${target.cloud} id "${id}") is not yet supported by this version of the orgaccounts provider`));
}
