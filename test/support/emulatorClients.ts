// Helpers the emulator test files share.
import { afterEach } from "vitest";
import { OrganizationsClient, OrganizationsClientConfig } from "@aws-sdk/client-organizations";
import type { AwsEmulator } from "../../emulator/aws/server";

/** `start` launches an emulator (with `defaults` under the given options) that is closed after the test; `running` lists those not closed yet. */
export function emulatorPool<O extends object, E extends { close(): Promise<void> }>(launch: (options: O) => Promise<E>, defaults: Partial<O>) {
    const running: E[] = [];
    afterEach(async () => {
        while (running.length) await running.pop()!.close();
    });
    const start = async (options = {} as O): Promise<E> => {
        const emu = await launch({ ...defaults, ...options });
        running.push(emu);
        return emu;
    };
    return { start, running };
}

/** An Organizations client for the emulator, without retries. */
export function orgs(emu: AwsEmulator, extra: Partial<OrganizationsClientConfig> = {}): OrganizationsClient {
    return new OrganizationsClient({ region: emu.region, endpoint: emu.url, credentials: emu.credentials, maxAttempts: 1, ...extra });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The parsed JSON, or undefined when the text is not JSON. */
export function jsonOrUndefined(text: string): unknown {
    try {
        return JSON.parse(text) as unknown;
    } catch {
        return undefined;
    }
}

/** An AWS SDK error as the tests read it: its HTTP metadata, and the members the service's error adds (Reason, Type). */
export interface AwsSdkError extends Error {
    $metadata: { httpStatusCode?: number; requestId?: string };
    Reason?: string;
    Type?: string;
    [member: string]: unknown;
}

/** The error an AWS SDK call rejects with; fails if it resolves or rejects with something not an Error. */
export async function awsRejection(p: Promise<unknown>): Promise<AwsSdkError> {
    const err = await rejection(p);
    if (!(err instanceof Error)) throw new Error(`expected an Error, got ${String(err)}`);
    return err as AwsSdkError;
}

/** A value its declared type refuses, passed on purpose to see the emulator refuse it. */
export function invalid<T>(value: unknown): T {
    return value as T;
}

/** The error a promise rejects with; fails if it resolves. */
export async function rejection(p: Promise<unknown>): Promise<unknown> {
    try {
        await p;
    } catch (err) {
        return err;
    }
    throw new Error("expected a rejection");
}
