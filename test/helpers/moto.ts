/**
 * A local moto server for end-to-end tests with the AWS SDK for JavaScript v3: started on a free
 * 127.0.0.1 port by the test run, stopped by its PID. See ../shared/FACTS.md for what moto checks.
 *
 *   const moto = await Moto.shared(this);       // in before(): this worker's server, wiped for the suite
 *   const s3 = new S3Client(moto.clientConfig());
 *   await moto.reset();                          // wipe all state
 *   const admin = await moto.enableIamEnforcement();  // from now on only moto-issued keys work
 *
 * `Moto.start()` starts a server of the caller's own (stop it with `await moto.stop()` in after()).
 * Every server exits with the process that started it (it watches its stdin, a pipe from that
 * process), so neither a killed worker nor an interrupted run leaves one behind.
 */
import { ChildProcess, spawn } from "child_process";
import { Worker } from "worker_threads";
import * as fs from "fs";
import * as net from "net";
import * as path from "path";
import { MotoUnavailable, ensureMoto, rememberedMoto } from "../../tools/ensureMoto";
import { cacheFolder, writeCacheFile } from "../../policies/model/cacheFolder";
import type * as IamSdk from "@aws-sdk/client-iam";

export interface Credentials {
    accessKeyId: string;
    secretAccessKey: string;
    sessionToken?: string;
}

export const MOTO_ACCOUNT_ID = "123456789012";

// The SDK's documented switch for its notice that Node.js 20 support ends in 2027 (noise in test output).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
const DUMMY: Credentials = { accessKeyId: "testing", secretAccessKey: "testing" };

/**
 * moto's server, as the tests run it (./motoServer.py): it ends when its stdin closes, and spares
 * moto work that only costs CPU (one boto3 session, one service's data.json, a Step Functions
 * definition validated once).
 */
const MOTO_SERVER = path.join(__dirname, "motoServer.py");

/**
 * What `POST /moto-api/config` can set, at moto's defaults (moto/core/config.py's default_user_config):
 * a suite that turned Step Functions execution on does not hand it on to the next.
 */
const DEFAULT_CONFIG = { batch: { use_docker: true }, lambda: { use_docker: true }, stepfunctions: { execute_state_machine: false } };

let shared: Promise<Moto> | undefined;

async function freePort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const server = net.createServer();
        server.unref();
        server.on("error", reject);
        server.listen(0, "127.0.0.1", () => {
            const { port } = server.address() as net.AddressInfo;
            server.close(() => resolve(port));
        });
    });
}

type Availability = { python: string } | { problem: string } | { failed: string };
let availability: Availability | undefined;
let reported = false;

/**
 * What the run's global setup found (test/helpers/runFixtures.ts), shared through the environment
 * with every worker of a parallel run: mocha starts its workers after the setup, with its
 * environment. `answer` is a file the setup writes when it knows (it asks Python in a thread of
 * its own while the workers start: about a second of serial wall otherwise); `python` and
 * `problem` give the answer directly. `reportedToken` is a file the first worker to report a
 * missing moto creates.
 */
export const MOTO_OF_THIS_RUN = {
    python: "DATAPLANE_TEST_MOTO_PYTHON",
    problem: "DATAPLANE_TEST_MOTO_PROBLEM",
    answer: "DATAPLANE_TEST_MOTO_ANSWER",
    reportedToken: "DATAPLANE_TEST_MOTO_REPORTED",
} as const;

/**
 * Where a run keeps what it found (tools/ensureMoto.ts's `remember`): the next run reads it back
 * while the interpreter, moto's package and its install folder, the venv and PATH are unchanged.
 */
export const MOTO_REMEMBERED = path.join(cacheFolder("dataplane-tests", path.resolve(__dirname, "../..")) ?? path.join(__dirname, "..", "..", "node_modules", ".cache", "dataplane-tests"), "moto.json");

const ensureRemembering = () => ensureMoto({ remember: MOTO_REMEMBERED });

function find(ensure: () => string): Availability {
    try {
        return { python: ensure() };
    } catch (err) {
        if (!(err instanceof MotoUnavailable)) throw err;
        return { problem: err.message };
    }
}

/**
 * What the last run found, when nothing it rests on changed (a few file stats); else
 * {@link ensureMoto} in a worker thread (it runs Python, and may install moto, synchronously), so
 * the main process goes on starting mocha's workers meanwhile.
 */
function findForTheRun(): Promise<Availability> {
    const python = rememberedMoto(MOTO_REMEMBERED);
    return python ? Promise.resolve({ python }) : findInThread();
}

/** {@link ensureMoto} in a worker thread. */
function findInThread(): Promise<Availability> {
    const thread = `
        const { parentPort, workerData } = require("worker_threads");
        require(workerData.tsx);
        const { ensureMoto, MotoUnavailable } = require(workerData.ensureMoto);
        let found;
        try {
            found = { python: ensureMoto({ remember: workerData.remember }) };
        } catch (err) {
            found = err instanceof MotoUnavailable ? { problem: err.message } : { failed: String((err && err.stack) || err) };
        }
        parentPort.postMessage(found);`;
    return new Promise((resolve, reject) => {
        const worker = new Worker(thread, { eval: true, execArgv: [], workerData: { tsx: require.resolve("tsx/cjs"), ensureMoto: require.resolve("../../tools/ensureMoto"), remember: MOTO_REMEMBERED } });
        worker.once("message", resolve);
        worker.once("error", reject);
        worker.once("exit", (code) => reject(new Error(`the thread looking for moto exited with ${code} before answering`)));
    });
}

/**
 * Called once per run, in mocha's main process, before any worker starts: finds (or installs) moto
 * in a thread and writes the answer where the workers look for it (see {@link MOTO_OF_THIS_RUN});
 * resolves when it is written. A worker that needs moto before then waits for it.
 */
export function shareMotoWithWorkers(tokenDir: string, findIt: () => Promise<Availability> = findForTheRun): Promise<void> {
    for (const name of Object.values(MOTO_OF_THIS_RUN)) delete process.env[name];
    const answer = path.join(tokenDir, "moto.json");
    process.env[MOTO_OF_THIS_RUN.answer] = answer;
    process.env[MOTO_OF_THIS_RUN.reportedToken] = `${tokenDir}/moto-reported`;
    return findIt()
        .catch((err: unknown): Availability => ({ failed: String((err as Error)?.stack ?? err) }))
        .then((found) => {
            // Whole or not at all (written aside and renamed): a worker reads it as soon as the name exists.
            writeCacheFile(answer, JSON.stringify(found));
        });
}

/** The run's answer, once its global setup has written it (undefined before, or outside such a run). */
function answerOfThisRun(): Availability | undefined {
    const file = process.env[MOTO_OF_THIS_RUN.answer];
    if (!file) return undefined;
    try {
        return JSON.parse(fs.readFileSync(file, "utf8")) as Availability;
    } catch (err) {
        if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
        throw err;
    }
}

/** True while the run's global setup is still finding moto. */
function answerPending(): boolean {
    const file = process.env[MOTO_OF_THIS_RUN.answer];
    return file !== undefined && !fs.existsSync(file) && process.env[MOTO_OF_THIS_RUN.python] === undefined && process.env[MOTO_OF_THIS_RUN.problem] === undefined;
}

/** A suite's (a hook's) mocha context: its timeout is paused while moto is being found (an install takes minutes). */
export interface Waiting {
    skip(): void;
    timeout?(ms?: number): unknown;
}

function paused<T>(suite: Waiting | undefined, wait: () => T): T {
    const timeout = suite?.timeout?.();
    suite?.timeout?.(0);
    const restore = () => typeof timeout === "number" && suite?.timeout?.(timeout);
    try {
        const waited = wait();
        if (waited instanceof Promise) return waited.finally(restore) as T;
        restore();
        return waited;
    } catch (err) {
        restore();
        throw err;
    }
}

const POLL_MS = 20;

/** Waits, without blocking this process, until the run's global setup knows about moto. */
export async function motoAnswered(suite?: Waiting): Promise<void> {
    if (!answerPending()) return;
    await paused(suite, async () => {
        while (answerPending()) await new Promise((r) => setTimeout(r, POLL_MS));
    });
}

/** The same, blocking: for the synchronous callers ({@link requireMoto}, {@link python3}). */
function motoAnsweredSync(suite?: Waiting): void {
    if (!answerPending()) return;
    const sleep = new Int32Array(new SharedArrayBuffer(4));
    paused(suite, () => {
        while (answerPending()) Atomics.wait(sleep, 0, 0, POLL_MS);
    });
}

/**
 * A Python 3 for tests that run Python scripts: the interpreter this run found moto with (by its own
 * file: no launcher such as pyenv's shim, a few tenths of a second of CPU a start), else python3.
 */
export function python3(): string {
    motoAnsweredSync();
    const run = ofThisRun();
    return run && "python" in run ? run.python : "python3";
}

function ofThisRun(): Availability | undefined {
    const python = process.env[MOTO_OF_THIS_RUN.python];
    const problem = process.env[MOTO_OF_THIS_RUN.problem];
    return python ? { python } : problem ? { problem } : answerOfThisRun();
}

/** True for the first caller of the whole run (every process of a parallel run), false after. */
function firstToReport(fromRun: boolean): boolean {
    const token = process.env[MOTO_OF_THIS_RUN.reportedToken];
    if (!fromRun || !token) return !reported;
    try {
        fs.writeFileSync(token, String(process.pid), { flag: "wx" });
        return true;
    } catch (err) {
        if ((err as NodeJS.ErrnoException).code === "EEXIST") return false;
        throw err;
    }
}

/**
 * Makes sure of moto once per test run (tools/ensureMoto.ts, which may install it into
 * `.moto-venv/`). Without it, the first end-to-end suite to ask fails with one line — what is
 * missing and the command that installs it — and the later ones are marked pending (their `before`
 * context is skipped): the run still fails, once, and every test that needs no moto still runs.
 * In a run with mocha's config the answer comes from the run's global setup (waited for, the
 * suite's timeout paused, when it is not there yet), so the parallel workers neither install moto
 * twice nor report it twice; `ensure` (for the helper's own test) asks in this process instead.
 */
export function requireMoto(suite?: Waiting, ensure?: () => string): string {
    if (!ensure) motoAnsweredSync(suite);
    const run = ensure ? undefined : ofThisRun();
    if (!availability) availability = run ?? find(ensure ?? ensureRemembering);
    if ("python" in availability) return availability.python;
    if ("failed" in availability) throw new Error(`finding moto in the run's global setup failed: ${availability.failed}`);
    const first = firstToReport(run !== undefined);
    if (!first && suite) suite.skip();
    reported = true;
    const err = new Error(availability.problem);
    // One line in mocha's report: the message, no stack (nothing in this process went wrong).
    err.stack = `Error: ${availability.problem}`;
    throw err;
}

/** For the helper's own test: forget what {@link requireMoto} found. */
export function resetMotoAvailability(): void {
    availability = undefined;
    reported = false;
}

export class Moto {
    private constructor(private readonly child: ChildProcess, public readonly port: number, private readonly output: string[]) {}

    /**
     * Starts moto's server (./motoServer.py) on a free loopback port and waits until it answers: a server of
     * the caller's own (a suite normally takes the worker's, {@link Moto.shared}). Call it in a
     * suite's `before(function () { … Moto.start(this) })`: without moto the run reports it once
     * (see {@link requireMoto}).
     */
    static async start(suite?: Waiting, timeoutMs = 20000): Promise<Moto> {
        await motoAnswered(suite);
        const python = requireMoto(suite);
        const port = await freePort();
        const output: string[] = [];
        // No default AMIs: nothing here needs them, and they make every EC2 region (and data.json) slow.
        const env = { ...process.env, MOTO_EC2_LOAD_DEFAULT_AMIS: "false" };
        const child = spawn(python, [MOTO_SERVER, "-H", "127.0.0.1", "-p", String(port)], { stdio: ["pipe", "pipe", "pipe"], env });
        const keep = (d: unknown) => {
            output.push(String(d));
            if (output.length > 2000) output.splice(0, output.length - 1000);
        };
        child.stdout!.on("data", keep);
        child.stderr!.on("data", keep);
        const moto = new Moto(child, port, output);
        const deadline = Date.now() + timeoutMs;
        for (;;) {
            if (child.exitCode !== null) throw new Error(`moto exited with ${child.exitCode}: ${output.join("").slice(-2000)}`);
            try {
                const res = await fetch(`${moto.endpoint}/moto-api/`);
                if (res.ok) return moto;
            } catch {
                // not listening yet
            }
            if (Date.now() > deadline) {
                await moto.stop();
                throw new Error(`moto did not answer on port ${port} within ${timeoutMs} ms: ${output.join("").slice(-2000)}`);
            }
            await new Promise((r) => setTimeout(r, 100));
        }
    }

    /**
     * This process's shared server (one per mocha worker, started on first use), wiped for the
     * caller: all state, IAM enforcement off, moto's config at its defaults. The suites of a worker
     * run one after another, so each has it to itself; it is not stopped by a suite (it exits with
     * the worker) and does not keep a process alive that has nothing else to do.
     */
    static async shared(suite?: Waiting): Promise<Moto> {
        await motoAnswered(suite);
        requireMoto(suite);
        if (!shared) {
            shared = Moto.start(suite).then((moto) => {
                moto.child.unref();
                for (const stream of [moto.child.stdin, moto.child.stdout, moto.child.stderr] as ({ unref?: () => void } | null)[]) stream?.unref?.();
                return moto;
            });
            shared.catch(() => (shared = undefined));
        }
        const moto = await shared;
        if (moto.child.exitCode !== null || moto.child.signalCode !== null) {
            shared = undefined;
            throw new Error(`this worker's moto server exited (${moto.child.exitCode ?? moto.child.signalCode}): ${moto.logs().slice(-2000)}`);
        }
        await moto.reset();
        await moto.configure(DEFAULT_CONFIG);
        return moto;
    }

    /** True when this is the process's shared server (see {@link Moto.shared}). */
    async isShared(): Promise<boolean> {
        return shared !== undefined && (await shared) === this;
    }

    get endpoint(): string {
        return `http://127.0.0.1:${this.port}`;
    }

    /** What the server printed (for diagnosing a failed test). */
    logs(): string {
        return this.output.join("");
    }

    get pid(): number | undefined {
        return this.child.pid;
    }

    /** SDK v3 client config for this server (path-style S3, any region). */
    clientConfig(credentials: Credentials = DUMMY, region = "us-east-1") {
        return { endpoint: this.endpoint, region, credentials, forcePathStyle: true, maxAttempts: 1 };
    }

    private async post(path: string, body?: string): Promise<void> {
        const res = await fetch(`${this.endpoint}${path}`, { method: "POST", body, headers: body?.startsWith("{") ? { "content-type": "application/json" } : {} });
        if (!res.ok) throw new Error(`moto ${path} answered ${res.status}: ${await res.text()}`);
    }

    /** Wipes all state (and turns IAM enforcement off again). */
    async reset(): Promise<void> {
        await this.post("/moto-api/reset");
        await this.post("/moto-api/reset-auth", "inf");
    }

    /** `POST /moto-api/config`, e.g. `{ stepfunctions: { execute_state_machine: true } }`. */
    async configure(config: Record<string, unknown>): Promise<void> {
        await this.post("/moto-api/config", JSON.stringify(config));
    }

    /**
     * Creates an admin user with a moto-issued key, then turns IAM enforcement on: from now on
     * requests are evaluated against the caller's IAM policies. Returns the admin's credentials.
     */
    async enableIamEnforcement(): Promise<Credentials> {
        // Loaded here, not with this module: the run's global setup, every worker and the no-moto
        // runs of test/tools/ensureMoto.spec.ts load this module, most of them never enforcing IAM.
        // eslint-disable-next-line @typescript-eslint/no-var-requires
        const { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } = require("@aws-sdk/client-iam") as typeof IamSdk;
        const iam = new IAMClient(this.clientConfig());
        await iam.send(new CreateUserCommand({ UserName: "moto-admin" }));
        await iam.send(new PutUserPolicyCommand({
            UserName: "moto-admin", PolicyName: "admin",
            PolicyDocument: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] }),
        }));
        const key = await iam.send(new CreateAccessKeyCommand({ UserName: "moto-admin" }));
        await this.post("/moto-api/reset-auth", "0");
        return { accessKeyId: key.AccessKey!.AccessKeyId!, secretAccessKey: key.AccessKey!.SecretAccessKey! };
    }

    /**
     * moto's own records of a service (`GET /moto-api/data.json`), by model name: e.g.
     * `models("emrserverless").JobRun`. Shows fields the AWS API does not return in moto
     * (an EMR Serverless job run's `execution_role_arn`).
     */
    async models(service: string): Promise<Record<string, Record<string, any>[]>> {
        // One service's records (./motoServer.py): moto's own data.json serialises every service's.
        const res = await fetch(`${this.endpoint}/moto-api/data.json?service=${encodeURIComponent(service)}`);
        if (!res.ok) throw new Error(`moto /moto-api/data.json answered ${res.status}`);
        return ((await res.json()) as Record<string, Record<string, Record<string, any>[]>>)[service] ?? {};
    }

    /** Closes the server's stdin, as its process's exit does, and waits for it to exit (for the helper's own test). */
    async closeStdin(): Promise<void> {
        if (this.child.exitCode !== null || this.child.signalCode !== null) return;
        const exited = new Promise<void>((resolve) => this.child.once("exit", () => resolve()));
        this.child.stdin!.end();
        await exited;
    }

    /** Stops the server by its PID and waits for it to exit. */
    async stop(): Promise<void> {
        if (shared && (await shared.catch(() => undefined)) === this) shared = undefined;
        if (this.child.exitCode !== null || this.child.pid === undefined) return;
        const exited = new Promise<void>((resolve) => this.child.once("exit", () => resolve()));
        process.kill(this.child.pid, "SIGTERM");
        const timer = setTimeout(() => this.child.pid && this.child.exitCode === null && process.kill(this.child.pid, "SIGKILL"), 5000);
        await exited;
        clearTimeout(timer);
    }
}
