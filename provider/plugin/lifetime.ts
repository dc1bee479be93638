// No orphans: the plugin exits when its engine goes away. The engine (the `pulumi` process) starts
// the plugin as its child and is the gRPC server whose address it passes; a killed CLI leaves the
// plugin reparented (its parent pid changes) and that address refusing connections.
import * as net from "node:net";

export interface LifetimeOptions {
    /** How often to look; default 1 s. */
    everyMs?: number;
    /** Called once the engine is gone; default: exit the process. */
    onGone?: (why: string) => void;
}

export class EngineWatch {
    private address?: string;
    private answered = false;
    private refusals = 0;
    private readonly timer: NodeJS.Timeout;
    private readonly parent = process.ppid;

    constructor(
        address: string | undefined,
        private readonly options: LifetimeOptions = {},
    ) {
        this.address = address;
        this.timer = setInterval(() => this.look(), options.everyMs ?? 1_000);
        this.timer.unref();
    }

    /** The address from Handshake or Attach, when the engine sends one. */
    setAddress(address: string | undefined): void {
        if (address && address !== this.address) {
            this.address = address;
            this.answered = false;
            this.refusals = 0;
        }
    }

    stop(): void {
        clearInterval(this.timer);
    }

    private gone(why: string): void {
        this.stop();
        (this.options.onGone ?? (() => process.exit(0)))(why);
    }

    private look(): void {
        if (process.ppid !== this.parent) return this.gone(`its parent process ${this.parent} ended`);
        const address = this.address;
        if (!address) return;
        const match = /^(.*):(\d+)$/.exec(address);
        if (!match) return;
        const socket = net.connect({ host: match[1].replace(/^\[|\]$/g, "") || "127.0.0.1", port: Number(match[2]) });
        socket.setTimeout(2_000);
        socket.once("connect", () => {
            this.answered = true;
            this.refusals = 0;
            socket.destroy();
        });
        socket.once("timeout", () => socket.destroy());
        socket.once("error", (error: NodeJS.ErrnoException) => {
            // An address that never answered (a test driving the plugin alone) is not an engine that went away.
            if (error.code === "ECONNREFUSED" && this.answered && ++this.refusals >= 2) this.gone(`its engine at ${address} stopped answering`);
        });
    }
}
