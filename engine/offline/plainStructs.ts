/**
 * Offline, the protobuf Structs the SDK builds for its engine are only ever read back as plain JS.
 * Every registration's inputs, every look-up's arguments and answer, every component's outputs
 * cross the SDK's monitor as a `google.protobuf.Struct` (`Struct.fromJavaScript`, a message per
 * value), and the offline monitor and the SDK read each one back with `toJavaScript()`. While an
 * offline program runs, {@link installPlainStructs} makes `Struct.fromJavaScript` give, for plain
 * data, a {@link PlainStruct}: the value as that round trip gives it back (a {@link plainCopy}),
 * with no messages built. The messages that carry one store it as it is and give it back.
 *
 * Anything else a Struct is asked (its fields map, its wire form: a real engine's client, never
 * used offline) builds the real Struct first, so a PlainStruct that strays anywhere still reads as
 * the Struct it stands for. Values that are not plain data (a Struct refuses some) go the SDK's way,
 * failing where they failed. `test/engine/offline/mocks.spec.ts` covers both sides.
 */
import * as path from "path";

/* eslint-disable @typescript-eslint/no-var-requires */
// The Struct the SDK's own messages use (google-protobuf as @pulumi/pulumi resolves it).
const structproto = require(require.resolve("google-protobuf/google/protobuf/struct_pb", { paths: [path.dirname(require.resolve("@pulumi/pulumi"))] }));
const resproto = require("@pulumi/pulumi/proto/resource_pb");
const provproto = require("@pulumi/pulumi/proto/provider_pb");

/**
 * A copy of serialized `value` as a protobuf Struct gives it back (`Struct.fromJavaScript(value).toJavaScript()`:
 * an object's undefined and function members dropped, a list's turned to null, keys sorted), when it
 * is plain data: strings, finite numbers, booleans, null, lists and plain objects of them. Undefined for anything else.
 * `strict`: undefined and functions are not plain data either (`Struct.fromJavaScript` refuses them
 * below the top level; the SDK's serialized values never hold one).
 */
export function plainCopy(value: unknown, strict = false): Record<string, unknown> | undefined {
    const NOT_PLAIN = Symbol();
    const copy = (v: unknown, inList: boolean): unknown => {
        if (v === null || typeof v === "string" || typeof v === "boolean") return v;
        if (typeof v === "number") return Number.isFinite(v) ? v : NOT_PLAIN;
        if (v === undefined || typeof v === "function") return strict ? NOT_PLAIN : inList ? null : undefined;
        if (Array.isArray(v)) {
            const out: unknown[] = [];
            for (const item of v) {
                const c = copy(item, true);
                if (c === NOT_PLAIN) return NOT_PLAIN;
                out.push(c);
            }
            return out;
        }
        if (typeof v !== "object" || Object.getPrototypeOf(v) !== Object.prototype) return NOT_PLAIN;
        const out: Record<string, unknown> = {};
        // A Struct's fields come back in sorted order.
        for (const k of Object.keys(v).sort()) {
            const c = copy((v as Record<string, unknown>)[k], false);
            if (c === NOT_PLAIN) return NOT_PLAIN;
            if (c !== undefined) out[k] = c;
        }
        return out;
    };
    const c = copy(value ?? {}, false);
    return c === NOT_PLAIN ? undefined : (c as Record<string, unknown>);
}

const fromJavaScript: (value: unknown) => any = structproto.Struct.fromJavaScript;
/** True while the real `Struct.fromJavaScript` runs: the Structs it builds of nested objects (through the patched name) are real too. */
let building = false;

function realStruct(value: unknown): any {
    const was = building;
    building = true;
    try {
        return fromJavaScript.call(structproto.Struct, value);
    } finally {
        building = was;
    }
}

/** A Struct of plain data, kept as the plain JS it reads back as (see the file's comment). */
export class PlainStruct {
    private real?: any;
    private given = false;

    constructor(private readonly value: Record<string, unknown>) {}

    /**
     * The value as `Struct.toJavaScript()` gives it: a fresh copy each time (the first is the one made:
     * whoever asks first owns it, as it would own what a real Struct gives).
     */
    toJavaScript(): Record<string, unknown> {
        if (this.given) return plainCopy(this.value)!;
        this.given = true;
        return this.value;
    }

    /** The real Struct, built on first need. */
    private struct(): any {
        return (this.real ??= realStruct(this.given ? plainCopy(this.value) : this.value));
    }

    getFieldsMap(noLazyCreate?: boolean): unknown {
        return this.struct().getFieldsMap(noLazyCreate);
    }

    toArray(): unknown {
        return this.struct().toArray();
    }

    serializeBinary(): Uint8Array {
        return this.struct().serializeBinary();
    }

    toObject(includeInstance?: boolean): unknown {
        return this.struct().toObject(includeInstance);
    }
}

/** The message fields that carry a Struct between the SDK and the offline monitor: [message, its getter and setter]. */
const CARRIERS: [any, string, string][] = [
    [resproto.RegisterResourceRequest, "getObject", "setObject"],
    [resproto.RegisterResourceOutputsRequest, "getOutputs", "setOutputs"],
    [resproto.ReadResourceRequest, "getProperties", "setProperties"],
    [resproto.ReadResourceResponse, "getProperties", "setProperties"],
    [resproto.ResourceInvokeRequest, "getArgs", "setArgs"],
    [provproto.InvokeResponse, "getReturn", "setReturn"],
];

const KEPT = Symbol("plainStructs");
let active = false;
let installed = false;

/** Installs the stand-in (once); it is used only between {@link plainStructsOn} calls of true and false. */
export function installPlainStructs(): void {
    if (installed) return;
    installed = true;
    structproto.Struct.fromJavaScript = function (value: unknown) {
        if (active && !building) {
            const copy = plainCopy(value, true);
            if (copy !== undefined) return new PlainStruct(copy);
        }
        return realStruct(value);
    };
    for (const [message, getter, setter] of CARRIERS) {
        const get = message.prototype[getter];
        const set = message.prototype[setter];
        message.prototype[setter] = function (value: unknown) {
            if (!(value instanceof PlainStruct)) {
                delete this[KEPT];
                return set.call(this, value);
            }
            this[KEPT] = value;
            return this;
        };
        message.prototype[getter] = function () {
            return this[KEPT] ?? get.call(this);
        };
    }
}

/** Turns the stand-in on while an offline program runs, off afterwards. */
export function plainStructsOn(on: boolean): void {
    active = on;
}
