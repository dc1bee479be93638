// Where the lifecycles' progress lines go ("... submitted; waiting for it to complete", a long
// wait's elapsed time). By default the provider process's stderr, which the CLI shows for the
// dynamic provider's host. The CLI hides a native plugin's stderr (`isDynamicPluginBinary` in
// https://github.com/pulumi/pulumi/blob/master/sdk/go/common/resource/plugin/plugin.go), so the
// plugin sends its lines to the engine's log instead (plugin/engineLog.ts).
type ProgressSink = (line: string) => void;

let sink: ProgressSink = (line) => console.error(line);

export function writeProgress(line: string): void {
    sink(line);
}

/** Sends every later progress line of this process to `next`. */
export function sendProgressTo(next: ProgressSink): void {
    sink = next;
}
