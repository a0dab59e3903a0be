/**
 * Offline, `pulumi.output(value)` of plain data without a cycle (strings, numbers, lists and plain
 * objects: what a component's checks return, an alias's name, a resource's id) is made without the
 * SDK's general walk. That walk (`outputRec`) looks at every value for Outputs, Promises, Resources
 * and unknowns, copies its set of ancestors at every list and object, and allocates an Error for a
 * cycle that is never there: ~4% of a fleet plane's thread time. {@link installPlainOutputs} puts
 * in front of `output` a walk that copies plain data the way the SDK's walk copies it (lists by
 * iteration, objects by `Object.keys`, each value assigned in turn) and makes the Output the SDK
 * makes of a value without Outputs — the same promises, settled in the same turns, so nothing that
 * waits on them runs in another order. Anything else (an Output, a Promise, a Resource, an unknown,
 * a class instance, a cycle) is handed to the SDK's own `output`, whole.
 *
 * Installed by the first offline run only (./run.ts); the components never install it.
 * `test/engine/offline/plainState.spec.ts` ("the Output of plain data") compares both ways.
 */
/* eslint-disable @typescript-eslint/no-var-requires */
const outputModule = require("@pulumi/pulumi/output");
const sdkIndex = require("@pulumi/pulumi");

/** A value the fast walk does not copy: the SDK's `output` takes the whole value. */
const NOT_PLAIN = Symbol("not plain");

/** Members by which the SDK recognises its own objects (`utils.isInstance`), on any object or list. */
const SDK_MARKS = ["__pulumiOutput", "__pulumiResource", "__pulumiUnknown"];

function marked(value: object): boolean {
    for (const mark of SDK_MARKS) if ((value as Record<string, unknown>)[mark] === true) return true;
    return false;
}

/**
 * `value` as the SDK's `outputRec` returns plain data that holds no Output (a fresh copy of every
 * list and plain object, anything else as it is), or {@link NOT_PLAIN}. `ancestors`: the lists and
 * objects above `value` (a cycle is the SDK's error to throw).
 */
export function plainOutputValue(value: unknown, ancestors: object[] = []): unknown {
    if (value === null || typeof value !== "object") return value;
    const proto = Object.getPrototypeOf(value);
    const isList = proto === Array.prototype;
    if ((!isList && proto !== Object.prototype && proto !== null) || marked(value) || ancestors.includes(value)) return NOT_PLAIN;
    ancestors.push(value);
    try {
        if (isList) {
            const out: unknown[] = [];
            for (const item of value as unknown[]) {
                const c = plainOutputValue(item, ancestors);
                if (c === NOT_PLAIN) return NOT_PLAIN;
                out.push(c);
            }
            return out;
        }
        const out: Record<string, unknown> = {};
        for (const k of Object.keys(value)) {
            const c = plainOutputValue((value as Record<string, unknown>)[k], ancestors);
            if (c === NOT_PLAIN) return NOT_PLAIN;
            out[k] = c;
        }
        return out;
    } finally {
        ancestors.pop();
    }
}

/** The SDK's own `output` (before {@link installPlainOutputs}). */
export const sdkOutput: (value: unknown) => unknown = outputModule.output;

/** `pulumi.output(value)`: for plain data, the Output the SDK's `createSimpleOutput` makes of its copy (known, not secret, no resources); otherwise the SDK's. */
export function plainOutput(value: unknown): unknown {
    // A Promise, an Output or a Resource is an object whose prototype is not Object's: it goes the SDK's way.
    const copy = plainOutputValue(value);
    if (copy === NOT_PLAIN) return sdkOutput(value);
    return new outputModule.Output(new Set(), Promise.resolve(copy), Promise.resolve(true), Promise.resolve(false), Promise.resolve(new Set()));
}

let installed = false;

/** Installs {@link plainOutput} (once) where the SDK's modules (`output_1.output`) and the programs (`pulumi.output`) reach it. */
export function installPlainOutputs(): void {
    if (installed) return;
    installed = true;
    outputModule.output = plainOutput;
    if (sdkIndex.output === sdkOutput) sdkIndex.output = plainOutput;
}
