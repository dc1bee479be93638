// What the serialized provider requires inside the plugin host, at call time: the provider logic
// for each resource type, bound to the settings read by `configure`. Keeping the logic out of the
// closure keeps `__provider` small and free of credentials. This module path and its exports
// `configure` and `lifecycle` are named by `__provider` texts in users' states: they never change.
import "./program/nodeVersion";
export { configure, lifecycle } from "./host/dynamic";
export type { HostSettings } from "./host/dynamic";
