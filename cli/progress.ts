/** A progress bar (cli-progress) on a terminal's standard error; a no-op anywhere else. */
import type { SingleBar } from "cli-progress";

export interface Progress {
    tick(label: string): void;
    stop(): void;
}

/** A bar for `total` steps, drawn only when `enabled` (the caller checks for a terminal and no `--json`). */
export function progress(total: number, enabled: boolean): Progress {
    if (!enabled || total === 0) return { tick: () => undefined, stop: () => undefined };
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const { SingleBar: Bar, Presets } = require("cli-progress") as typeof import("cli-progress");
    const bar: SingleBar = new Bar({ format: "{bar} {value}/{total} planes  {label}", stream: process.stderr, hideCursor: true, clearOnComplete: true }, Presets.shades_classic);
    bar.start(total, 0, { label: "" });
    return { tick: (label) => bar.increment(1, { label }), stop: () => bar.stop() };
}
