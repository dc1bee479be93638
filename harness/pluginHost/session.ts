/**
 * `EngineSession`: a minimal model of the Pulumi engine's deployment steps over a `ProviderClient`,
 * with an in-memory "state file", for fast tests. The real CLI (test/cli) is the judge: each rule
 * below is the real engine's (pkg/resource/deploy in https://github.com/pulumi/pulumi).
 *
 *   - preview: Check every resource; Diff existing ones. Never Create/Update (no preview support).
 *     A Check that throws fails that resource's step.
 *   - up, new resource:      Check(olds={}, news) → Create(checked inputs).
 *   - up, existing resource: Check(olds=old inputs, news) → Diff(id, olds=old OUTPUTS, news=checked,
 *     oldInputs) → "same" | Update(id, olds=old outputs, news=checked, oldInputs) | replace.
 *     DIFF_UNKNOWN (provider without `diff`) → the engine diffs old vs new inputs itself
 *     (`__provider` included). A resource with init errors (from a partial failure) is updated even
 *     when the diff says no change. A Diff that throws fails that resource's step.
 *   - replace (create-before-delete): Check again with empty olds, Create the new resource; the old
 *     one is deleted at the end of the deployment, after every create and update. If any step
 *     failed, it stays as a pending delete (`pendingDeletes`), deleted at the start of the next up.
 *     deleteBeforeReplace: delete, then create.
 *   - Create failing with ErrorResourceInitFailed: the resource IS recorded with the error's id and
 *     properties as outputs (+ the reasons as `initErrors`); a plain failure records nothing.
 *     Update failing with ErrorResourceInitFailed: the OLD inputs are kept with the new outputs;
 *     a plain failure keeps the old state, init errors included.
 *   - Resources in state but not in the program are deleted (reverse order) at the end of `up`,
 *     unless a step failed (the engine starts no new step after a failure).
 *   - refresh: Read(id, outputs, inputs) each; id "" removes it from state; returned `inputs`
 *     replace the recorded inputs (else they are kept); a successful Read clears init errors; then
 *     Diff inverted (olds = refreshed outputs, news = old inputs), whose error fails the step.
 *   - destroy: Delete in reverse creation order.
 * Check failures stop that resource's step (the engine would fail the deployment). Steps do not
 * throw: each result carries `error` / `failures`; `assertOk(steps)` throws on any.
 * Not modelled: dependencies and parallelism (steps run one at a time, and all resources of the
 * program are stepped even after a failure, as parallel steps already in flight would be),
 * ignoreChanges, protect, retainOnDelete, aliases, pending creates.
 */
import { ProviderCallError, type CheckFailure, type DiffResult, type Props, type ProviderClient } from "./client";
import type { Registered } from "./mocks";

export interface StateEntry {
    urn: string;
    type: string;
    name: string;
    id: string;
    /** Checked inputs recorded for the resource (include `__provider`). */
    inputs: Props;
    /** Outputs recorded for the resource (include `__provider`). */
    outputs: Props;
    /** Reasons from ErrorResourceInitFailed, when the last create/update partially failed. */
    initErrors?: string[];
}

export type StepOp = "create" | "update" | "replace" | "same" | "delete" | "refresh" | "read-gone";

export interface Step {
    urn: string;
    op: StepOp;
    /** Set when the step failed (its RPC rejected). */
    error?: ProviderCallError | Error;
    /** Check failures (the step did not run). */
    failures?: CheckFailure[];
    /** Diff result for existing resources. */
    diff?: DiffResult;
    /** Checked inputs sent to Create/Update. */
    inputs?: Props;
    /** Outputs after the step (if it produced any). */
    outputs?: Props;
    id?: string;
}

function stableJson(v: unknown): string {
    return JSON.stringify(v, (_k, x: unknown) =>
        x && typeof x === "object" && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : x,
    );
}

/** Throws if any step failed or had check failures. Returns the steps for chaining. */
export function assertOk(steps: Step[]): Step[] {
    const bad = steps.filter((s) => s.error || (s.failures && s.failures.length > 0));
    if (bad.length > 0) {
        const lines = bad.map((s) => (s.error ? `${s.urn} ${s.op}: ${s.error.message}` : `${s.urn} ${s.op}: check failed ${JSON.stringify(s.failures)}`));
        throw new Error(`deployment had errors:\n${lines.join("\n")}`);
    }
    return steps;
}

export class EngineSession {
    /** The state file: URN → entry, in creation order. */
    readonly state = new Map<string, StateEntry>();
    /** Replaced resources whose delete has not happened yet (the engine's `delete: true` entries). */
    readonly pendingDeletes: StateEntry[] = [];

    constructor(readonly client: ProviderClient) {}

    /** Check + Diff only: returns the planned op for each resource (nothing is changed). */
    async preview(resources: Registered[]): Promise<Step[]> {
        const steps: Step[] = [];
        for (const r of resources) {
            const old = this.state.get(r.urn);
            let checked;
            try {
                checked = await this.client.check(r.urn, old?.inputs ?? {}, r.inputs);
            } catch (err) {
                // The engine fails the resource's step (and so the preview) with the error.
                steps.push({ urn: r.urn, op: old ? "update" : "create", error: err as Error });
                continue;
            }
            if (checked.failures.length > 0) {
                steps.push({ urn: r.urn, op: old ? "update" : "create", failures: checked.failures });
                continue;
            }
            if (!old) {
                steps.push({ urn: r.urn, op: "create", inputs: checked.inputs });
                continue;
            }
            const { op, diff } = await this.plan(old, checked.inputs);
            steps.push({ urn: r.urn, op, diff, inputs: checked.inputs, id: old.id });
        }
        const wanted = new Set(resources.map((r) => r.urn));
        for (const e of [...this.state.values()].reverse()) {
            if (!wanted.has(e.urn)) steps.push({ urn: e.urn, op: "delete", id: e.id });
        }
        return steps;
    }

    /** Runs the deployment: creates, updates, replaces, deletes; updates `state`. */
    async up(resources: Registered[]): Promise<Step[]> {
        const steps: Step[] = [];
        if (!(await this.deletePending(steps))) return steps;
        for (const r of resources) {
            steps.push(await this.upOne(r));
        }
        if (steps.some((s) => s.error)) return steps;
        if (!(await this.deletePending(steps))) return steps;
        const wanted = new Set(resources.map((r) => r.urn));
        for (const e of [...this.state.values()].reverse()) {
            if (!wanted.has(e.urn)) steps.push(await this.deleteEntry(e));
        }
        return steps;
    }

    /** Deletes the replaced resources still pending; false when one failed (it stays pending). */
    private async deletePending(steps: Step[]): Promise<boolean> {
        while (this.pendingDeletes.length > 0) {
            const old = this.pendingDeletes[0];
            try {
                await this.client.delete(old.id, old.urn, old.outputs, old.inputs);
                this.pendingDeletes.shift();
                steps.push({ urn: old.urn, op: "delete", id: old.id });
            } catch (err) {
                steps.push({ urn: old.urn, op: "delete", id: old.id, error: err as Error });
                return false;
            }
        }
        return true;
    }

    /** Reads every resource in state and records the result. */
    async refresh(): Promise<Step[]> {
        const steps: Step[] = [];
        for (const e of [...this.state.values()]) {
            try {
                const r = await this.client.read(e.id, e.urn, e.outputs, e.inputs);
                if (r.id === "") {
                    this.state.delete(e.urn);
                    steps.push({ urn: e.urn, op: "read-gone", id: e.id });
                    continue;
                }
                e.id = r.id;
                e.outputs = r.properties;
                const oldInputs = e.inputs;
                if (r.inputs) e.inputs = r.inputs;
                delete e.initErrors;
                const diff = await this.client.diff(e.id, e.urn, e.outputs, oldInputs, e.inputs);
                steps.push({ urn: e.urn, op: "refresh", id: r.id, outputs: r.properties, inputs: r.inputs, diff });
            } catch (err) {
                steps.push({ urn: e.urn, op: "refresh", id: e.id, error: err as Error });
            }
        }
        return steps;
    }

    /** Deletes everything in state, newest first. */
    async destroy(): Promise<Step[]> {
        const steps: Step[] = [];
        for (const e of [...this.state.values()].reverse()) steps.push(await this.deleteEntry(e));
        return steps;
    }

    /** The state entry for a URN (or for a Registered resource). */
    get(urnOrResource: string | Registered): StateEntry | undefined {
        return this.state.get(typeof urnOrResource === "string" ? urnOrResource : urnOrResource.urn);
    }

    private async plan(old: StateEntry, news: Props): Promise<{ op: StepOp; diff: DiffResult }> {
        const diff = await this.client.diff(old.id, old.urn, old.outputs, news, old.inputs);
        let changed: boolean;
        if (diff.changes === "DIFF_UNKNOWN") {
            changed = stableJson(old.inputs) !== stableJson(news);
        } else {
            changed = diff.changes === "DIFF_SOME";
        }
        if (diff.replaces.length > 0) return { op: "replace", diff };
        if (changed || (old.initErrors && old.initErrors.length > 0)) return { op: "update", diff };
        return { op: "same", diff };
    }

    private async upOne(r: Registered): Promise<Step> {
        const old = this.state.get(r.urn);
        let checked;
        try {
            checked = await this.client.check(r.urn, old?.inputs ?? {}, r.inputs);
        } catch (err) {
            return { urn: r.urn, op: old ? "update" : "create", error: err as Error };
        }
        if (checked.failures.length > 0) {
            return { urn: r.urn, op: old ? "update" : "create", failures: checked.failures };
        }
        const inputs = checked.inputs;
        if (!old) {
            return this.createEntry(r, inputs, "create");
        }
        let planned;
        try {
            planned = await this.plan(old, inputs);
        } catch (err) {
            return { urn: r.urn, op: "update", error: err as Error };
        }
        const { op, diff } = planned;
        if (op === "same") {
            old.inputs = inputs;
            return { urn: r.urn, op, diff, id: old.id, inputs, outputs: old.outputs };
        }
        if (op === "update") {
            try {
                const res = await this.client.update(old.id, r.urn, old.outputs, inputs, old.inputs);
                old.inputs = inputs;
                old.outputs = res.properties;
                delete old.initErrors;
                return { urn: r.urn, op, diff, id: old.id, inputs, outputs: res.properties };
            } catch (err) {
                if (err instanceof ProviderCallError && err.initFailed) {
                    old.outputs = err.initFailed.properties;
                    old.initErrors = err.initFailed.reasons;
                }
                return { urn: r.urn, op, diff, id: old.id, inputs, error: err as Error };
            }
        }
        // replace
        if (diff.deleteBeforeReplace) {
            const del = await this.deleteEntry(old);
            if (del.error) return { urn: r.urn, op: "replace", diff, error: del.error };
            const created = await this.createEntry(r, inputs, "replace");
            return { ...created, diff };
        }
        const rechecked = await this.client.check(r.urn, {}, r.inputs);
        if (rechecked.failures.length > 0) return { urn: r.urn, op: "replace", diff, failures: rechecked.failures };
        const created = await this.createEntry(r, rechecked.inputs, "replace");
        // A plain failure records nothing and the old resource stays as it is; otherwise the new
        // one is in state and the old one is deleted at the end of the deployment.
        if (!created.error || created.id) this.pendingDeletes.push(old);
        return { ...created, diff };
    }

    private async createEntry(r: Registered, inputs: Props, op: StepOp): Promise<Step> {
        try {
            const res = await this.client.create(r.urn, inputs);
            this.state.delete(r.urn); // re-insert at the end (creation order)
            this.state.set(r.urn, { urn: r.urn, type: r.type, name: r.name, id: res.id, inputs, outputs: res.properties });
            return { urn: r.urn, op, id: res.id, inputs, outputs: res.properties };
        } catch (err) {
            if (err instanceof ProviderCallError && err.initFailed) {
                const f = err.initFailed;
                this.state.delete(r.urn);
                this.state.set(r.urn, {
                    urn: r.urn,
                    type: r.type,
                    name: r.name,
                    id: f.id,
                    inputs,
                    outputs: f.properties,
                    initErrors: f.reasons,
                });
                return { urn: r.urn, op, id: f.id, inputs, outputs: f.properties, error: err };
            }
            return { urn: r.urn, op, inputs, error: err as Error };
        }
    }

    private async deleteEntry(e: StateEntry): Promise<Step> {
        try {
            await this.client.delete(e.id, e.urn, e.outputs, e.inputs);
            this.state.delete(e.urn);
            return { urn: e.urn, op: "delete", id: e.id };
        } catch (err) {
            return { urn: e.urn, op: "delete", id: e.id, error: err as Error };
        }
    }
}
