/** Runs the `dataplane` command in this process and collects what it prints. */
import * as path from "path";
import { main } from "../../cli/main";

type Main = typeof main;
type Result = { status: number; stdout: string; stderr: string };

async function collect(run: Main, args: string[]): Promise<Result> {
    const out: string[] = [];
    const err: string[] = [];
    const status = await run(args, (l) => out.push(l), (l) => err.push(l));
    return { status, stdout: out.join("\n"), stderr: err.join("\n") };
}

export function inProcess(...args: string[]): Promise<Result> {
    return collect(main, args);
}

/** The compiled command's entry module (`dist/`, which `npm test` builds first when stale). */
export const COMPILED_MAIN = path.resolve(__dirname, "../../dist/cli/main.js");

/**
 * The compiled command (`dist/cli/main.js`) in this process. What differs from {@link inProcess} is
 * where its worker threads load from: a fleet's threads started by the compiled command load the
 * compiled modules, not the sources through tsx (about 1 s of CPU less a thread). Use it where a
 * test starts threads and is not about the sources' own thread entry; keep one such test on
 * {@link inProcess}.
 */
export function inProcessCompiled(...args: string[]): Promise<Result> {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    return collect((require(COMPILED_MAIN) as { main: Main }).main, args);
}
