// `pulumi import` and the `import` resource option: the engine sends Read with an id and no
// properties (https://github.com/pulumi/pulumi/blob/master/pkg/resource/deploy/step.go, ImportStep),
// and needs both the outputs and the inputs back. The host lifecycle's import reads the account
// (never writes); the ownership marker comes from the URN, as for every other call, and is not an
// input of the plugin's schema: Check puts it back from the URN.
import type { Outputs } from "../host/lifecycle/kind";
import { lifecycleOf } from "../host/lifecycles";
import { PROVIDER_KEY } from "../host/lifecycle/state";
import type { ProviderInstance, Target } from "./instance";

export async function importAccount(instance: ProviderInstance, target: Target, id: string): Promise<{ id: string; props: Outputs; inputs?: Outputs }> {
    const imported = await lifecycleOf(target.cloud, instance.settings).importAccount(id, target.owner);
    return { id: imported.id, props: withoutInternals(imported.props), inputs: withoutInternals(imported.inputs) };
}

function withoutInternals(props: Outputs): Outputs {
    const { [PROVIDER_KEY]: _provider, owner: _owner, ...rest } = props;
    return rest;
}
