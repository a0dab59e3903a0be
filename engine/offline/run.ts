/**
 * Runs a Pulumi program offline: `pulumi.runtime.setMocks` with the AWS-like mocks, plus a
 * recording monitor that keeps what a real engine would see of each registration — type, name,
 * parent, inputs, outputs, retain-on-delete — and gives resources real URNs. No Pulumi CLI, no
 * provider plugins, no AWS account.
 *
 * The recording hooks the SDK's mock monitor (`@pulumi/pulumi/runtime/mocks`, an internal
 * module): `@pulumi/pulumi` is pinned, and `test/engine/offline/mocks.spec.ts` covers the hook.
 */
import * as pulumi from "@pulumi/pulumi";
import { AwsLikeMocks } from "./awsMocks";
import { OfflineLookupError } from "./mockContext";
import { World } from "./world";
import { installPlainStructs, plainCopy, plainStructsOn } from "./plainStructs";
import { installPlainOutputs } from "./plainOutputs";
import { afterTurns, plainSerialization } from "./plainState";

export { plainCopy } from "./plainStructs";

/* eslint-disable @typescript-eslint/no-var-requires */
const { MockMonitor } = require("@pulumi/pulumi/runtime/mocks");
const rpc = require("@pulumi/pulumi/runtime/rpc");
const resproto = require("@pulumi/pulumi/proto/resource_pb");
const structproto = require("google-protobuf/google/protobuf/struct_pb");
const settings = require("@pulumi/pulumi/runtime/settings");
const debuggable = require("@pulumi/pulumi/runtime/debuggable");

let fastPaths = false;
/**
 * Offline, nobody reads a resource's source position (the Pulumi CLI shows it) or the creation
 * stack the SDK records on every promise for its exit-time leak report. Both format a full stack
 * trace (`new Error().stack`, through source maps when tsx is loaded): without them a plane runs
 * several times faster, and the leak report's set of never-settling preview promises (held in the
 * SDK's global store) no longer grows run after run. Nor does anybody need the protobuf Structs
 * the SDK builds for its engine (./plainStructs.ts), nor its general walk for the Output of plain
 * data (./plainOutputs.ts). Installed by the first offline run only.
 */
function installOfflineFastPaths(): void {
    if (fastPaths) return;
    fastPaths = true;
    (pulumi.Resource as unknown as { callsites(): unknown[] }).callsites = () => [];
    debuggable.debuggablePromise = <T>(p: Promise<T>) => p;
    for (const utilities of PROVIDER_UTILITIES) rememberVersion(utilities);
    installPlainStructs();
    installPlainOutputs();
}

/** The generated provider SDKs the package's programs use (their `utilities` module, as each resource and invoke reaches it). */
const PROVIDER_UTILITIES = ["@pulumi/aws/utilities", "@pulumi/random/utilities"];

/**
 * Each resource and invoke of a generated provider SDK asks its package's version
 * (`utilities.resourceOptsDefaults()`), which `require`s the package's `package.json` again every
 * time: resolving that path, through the package scope's lookups, was ~1.4 ms of a fleet plane. The
 * version cannot change while the process runs: read it once. A package not installed is left alone.
 */
function rememberVersion(request: string): void {
    let utilities: { getVersion(): string; resourceOptsDefaults(): { version: string } };
    try {
        utilities = require(request);
    } catch {
        return;
    }
    const version = utilities.getVersion();
    utilities.getVersion = () => version;
    utilities.resourceOptsDefaults = () => ({ version });
}

export * from "../recorded";
import { RegisteredResource, SecretValue } from "../recorded";

export interface OfflineRunOptions {
    project: string;
    stack: string;
    /** Raw config, `namespace:key → string` (lists and objects as JSON), as Pulumi hands it to a program. */
    config: Record<string, string>;
    secretKeys?: string[];
    world: World;
    /** Run as a preview (`pulumi.runtime.isDryRun()`). Defaults to true. */
    preview?: boolean;
}

/** A provider look-up (invoke) the program made: its token, its arguments and what the engine answered. */
export interface RecordedInvoke {
    token: string;
    inputs: Record<string, unknown>;
    outputs: Record<string, unknown>;
}

export interface OfflineRunResult<T> {
    /** Every registration in order, the stack first. */
    resources: RegisteredResource[];
    /** Every provider look-up the program made, in order (what a real deployment asks AWS before it creates anything). */
    invokes: RecordedInvoke[];
    /** What the program returned, with secrets kept as {@link SecretValue} wrappers. */
    outputs: Record<string, unknown>;
    /** The program's own return value, unwrapped (plain JS values, secrets revealed). */
    exports: T;
}

/**
 * A protobuf Struct as plain JS, keeping secrets where they are nested (the SDK's own
 * deserializer lifts them to the top-level property, which would hide which field is secret).
 */
function plain(struct: { toJavaScript(): Record<string, unknown> } | undefined): Record<string, unknown> {
    return struct?.toJavaScript() ?? {};
}

/** The SDK's deserialization of a registration's inputs (`rpc.deserializeProperties`), from inputs already read out of their Struct. */
function deserialized(inputs: Record<string, unknown>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(inputs)) if (inputs[k] !== undefined) out[k] = rpc.deserializeProperty(inputs[k]);
    return out;
}

export class RecordingMonitor extends MockMonitor {
    public readonly records: RegisteredResource[] = [];
    public readonly invokes: RecordedInvoke[] = [];

    constructor(mocks: pulumi.runtime.Mocks, private readonly project: string, private readonly stack: string) {
        super(mocks);
    }

    /** URNs as the real engine forms them: the parent's type chain, without the root stack's type. */
    newUrn(parent: string, type: string, name: string): string {
        let qualified = type;
        if (parent) {
            const parentType = parent.split("::")[2];
            if (parentType !== "pulumi:pulumi:Stack") qualified = `${parentType}$${type}`;
        }
        return `urn:pulumi:${this.stack}::${this.project}::${qualified}::${name}`;
    }

    /**
     * The SDK mock monitor's registration (`MockMonitor.registerResource`), converting less: the
     * request's inputs are read out of their Struct (a PlainStruct: ./plainStructs.ts) once (for the mocks and the record),
     * and the serialized state, when it is plain data, is copied as a Struct would give it back,
     * where the SDK's monitor built a Struct of it and then the record and the SDK each read that
     * Struct back. Any other state goes the SDK's way.
     */
    async registerResource(req: any, callback: (err: any, resp: any) => void): Promise<void> {
        let response: any;
        let state: Record<string, unknown>;
        try {
            const inputs = plain(req.getObject());
            const result = await this.mocks.newResource({
                type: req.getType(), name: req.getName(), inputs: deserialized(inputs), provider: req.getProvider(), custom: req.getCustom(), id: req.getImportid(),
            });
            const urn = this.newUrn(req.getParent(), req.getType(), req.getName());
            // Serialized as the SDK's monitor does it, taking as many turns of the microtask queue: the
            // order in which registrations complete (the order of the records) stays the same (./plainState.ts).
            const plainState = plainSerialization(result.state);
            const serialized = plainState ? await afterTurns(plainState.turns, plainState.value) : await rpc.serializeProperties("", result.state);
            this.resources.set(urn, { urn, id: result.id ?? null, state: serialized });
            state = plainState ? plainState.value : plainCopy(serialized) ?? structproto.Struct.fromJavaScript(serialized).toJavaScript();
            response = new resproto.RegisterResourceResponse();
            response.setUrn(urn);
            response.setId(result.id || "");
            // What the SDK reads of it (rpc.deserializeProperties): the state as plain JS, as Struct.toJavaScript gives it.
            const outputs = { toJavaScript: () => state };
            response.getObject = () => outputs;
            // The record may share the state with the SDK: the SDK deserializes it into objects of its own.
            this.record("register", req, urn, result.id || "", inputs, state, req.getCustom());
        } catch (err) {
            callback(err, undefined);
            return;
        }
        callback(null, response);
    }

    invoke(req: any, callback: (err: any, resp: any) => void): Promise<void> {
        return super.invoke(req, (err: any, resp: any) => {
            // A look-up that fails (a bucket without a policy) was still asked, with the same permission.
            this.invokes.push({ token: req.getTok(), inputs: plain(req.getArgs()), outputs: err ? {} : plain(resp.getReturn()) });
            callback(err, resp);
        });
    }

    readResource(req: any, callback: (err: any, resp: any) => void): Promise<void> {
        return super.readResource(req, (err: any, resp: any) => {
            if (!err) this.record("read", req, resp.getUrn(), req.getId(), plain(req.getProperties()), plain(resp.getProperties()), true);
            callback(err, resp);
        });
    }

    registerResourceOutputs(req: any, callback: (err: any, resp: any) => void): void {
        const record = this.records.find((r) => r.urn === req.getUrn());
        if (record && !record.custom) record.outputs = plain(req.getOutputs());
        super.registerResourceOutputs(req, callback);
    }

    /** Keeps what the engine sees of a registration or read, from its inputs and outputs already plain. */
    private record(op: "register" | "read", req: any, urn: string, id: string, inputs: Record<string, unknown>, outputs: Record<string, unknown>, custom: boolean): void {
        this.records.push({
            urn,
            type: req.getType(),
            name: req.getName(),
            parent: req.getParent() || undefined,
            custom,
            op,
            id: custom ? id || undefined : undefined,
            inputs,
            outputs: custom ? outputs : {},
            retainOnDelete: op === "register" ? Boolean(req.getRetainondelete()) : false,
            protect: op === "register" ? Boolean(req.getProtect()) : false,
            dependencies: op === "register" ? req.getDependenciesList() : [],
        });
    }
}

const WRAPPER = /^(error serializing property "[^"]*": )+/;
/** How the SDK wraps a failed read (`get`, StackReference): the look-up's own message follows. */
const READ_WRAPPER = /^failed to read resource #.*? \[[^\]]+\]: /;

/**
 * The error to report for a failed run: the program's own error, unless it only wraps another
 * one ("error serializing property …: <cause>"), in which case the cause — preferring a
 * validation error or failed look-up among the stray rejections — with the wrappers removed.
 */
function rootCause(error: unknown, stray: unknown[]): unknown {
    const isWrapper = (e: unknown) => e instanceof Error && WRAPPER.test(e.message);
    if (error instanceof Error && READ_WRAPPER.test(error.message) && error.message.includes("offline world")) {
        return new OfflineLookupError(error.message.replace(READ_WRAPPER, ""));
    }
    if (!isWrapper(error)) return error;
    const cause = stray.find((e) => e instanceof Error && !isWrapper(e));
    if (cause) return cause;
    const message = (error as Error).message.replace(WRAPPER, "");
    return message.includes("offline world") ? new OfflineLookupError(message) : new Error(message);
}

/** Waits for the SDK's outstanding RPCs, then one more turn for rejections nobody awaited. */
async function settle(): Promise<void> {
    await settings.waitForRPCs();
    await new Promise((resolve) => setImmediate(resolve));
}

/** The registrations made before a failed offline run threw (attached to the error it rejects with). */
export function registeredBeforeFailure(err: unknown): RegisteredResource[] | undefined {
    return (err as { registeredBeforeFailure?: RegisteredResource[] } | undefined)?.registeredBeforeFailure;
}

/**
 * Runs `program` as the stack `stack` of `project` under the AWS-like mocks and returns what it
 * registered and exported. Errors thrown by the program (bad config, failed look-ups) reject.
 */
export async function runOffline<T>(program: () => Promise<T>, opts: OfflineRunOptions): Promise<OfflineRunResult<T>> {
    const preview = opts.preview ?? true;
    installOfflineFastPaths();
    pulumi.runtime.setAllConfig(opts.config, opts.secretKeys ?? []);
    const mocks = new AwsLikeMocks(opts.world, opts.stack);
    await pulumi.runtime.setMocks(mocks, opts.project, opts.stack, preview);
    const monitor = new RecordingMonitor(mocks, opts.project, opts.stack);
    settings.setMockOptions(monitor, opts.project, opts.stack, preview);

    let exported: T | undefined;
    let failure: unknown;
    // A failed look-up or apply also rejects promises nobody awaits (outputs derived from it);
    // like the Pulumi CLI's own host, keep them from crashing the process and report the first.
    const stray: unknown[] = [];
    // The first stray rejection ends the run: the registration it failed never completes, so
    // waiting for every RPC (as a successful run does) would wait forever. The Pulumi CLI's host
    // likewise stops the program at an unhandled rejection.
    let failOnStray!: (reason: unknown) => void;
    const strayed = new Promise<never>((_, reject) => { failOnStray = reject; });
    strayed.catch(() => undefined);
    const onStray = (reason: unknown) => {
        stray.push(reason);
        failOnStray(reason);
    };
    process.on("unhandledRejection", onStray);
    let exports: unknown;
    plainStructsOn(true);
    try {
        exports = await Promise.race([pulumi.runtime.runInPulumiStack(async () => {
            try {
                exported = await program();
                return exported;
            } catch (err) {
                failure = err;
                throw err;
            }
        }), strayed]);
        await Promise.race([settle(), strayed]);
        // A registration that failed (say, an input derived from a failed look-up) fails the run,
        // as it fails `pulumi preview`, even when nothing the program returned depends on it.
        if (stray.length > 0) throw stray[0];
    } catch (err) {
        // After the program's own error the registrations already made still complete; after a
        // stray rejection some never will, so only let pending callbacks run.
        await (stray.length === 0 ? settle().catch(() => undefined) : new Promise((resolve) => setImmediate(resolve)));
        const error = rootCause(failure ?? err, stray);
        if (error && typeof error === "object") {
            Object.defineProperty(error, "registeredBeforeFailure", { value: [...monitor.records], enumerable: false });
        }
        throw error;
    } finally {
        plainStructsOn(false);
        process.off("unhandledRejection", onStray);
    }
    const stack = monitor.records.find((r) => r.type === "pulumi:pulumi:Stack");
    return { resources: monitor.records, invokes: monitor.invokes, outputs: stack?.outputs ?? {}, exports: exports as T };
}
