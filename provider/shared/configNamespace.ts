/** The namespace of the provider's stack config keys (`orgaccounts:awsRegion`...), and the plugin's package name. */
export const CONFIG_NAMESPACE = "orgaccounts";
