import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import { afterTurns, plainSerialization } from "../../../engine/offline/plainState";
import { plainCopy } from "../../../engine/offline/plainStructs";
import { installPlainOutputs, plainOutput, plainOutputValue, sdkOutput } from "../../../engine/offline/plainOutputs";

/* eslint-disable @typescript-eslint/no-var-requires */
const rpc = require("@pulumi/pulumi/runtime/rpc");
const outputModule = require("@pulumi/pulumi/output");

/** The turn of the microtask queue (counted from the call) in which `start()`'s promise settles. */
async function settlesIn(start: () => Promise<unknown>): Promise<number> {
    let settled = false;
    start().then(() => { settled = true; });
    let turns = 0;
    while (!settled) {
        await undefined;
        turns++;
    }
    return turns;
}

const SHAPES: Record<string, Record<string, unknown>> = {
    empty: {},
    primitives: { a: "x", b: 1, c: true, d: null, e: 0, f: "" },
    undefinedAndFunctions: { a: undefined, b: () => 1, c: "kept" },
    nested: { a: { b: { c: { d: "deep" } } }, e: [] },
    lists: { a: [1, "two", null, [3, [4, []]], { five: 5 }], b: [undefined, () => 0] },
    emptyContainers: { a: {}, b: [], c: [{}], d: { e: [] } },
    secretLike: { password: { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value: "s3cr3t" } },
    resourceLike: {
        zeta: 1, alpha: { z: 2, a: [{ y: 1, b: 2 }] },
        tags: { Name: "n", customer: "c" }, policy: JSON.stringify({ Version: "2012-10-17" }), arn: "arn:aws:iam::123456789012:role/r",
        rules: [{ id: "r1", filter: { prefix: "logs/" }, expiration: [{ days: 30 }] }, { id: "r2", status: "Enabled" }],
        nullProto: Object.assign(Object.create(null), { no: "plain" }),
    },
};

describe("offline engine: plain state serialized at once, completing in the SDK's turn", () => {
    for (const [name, shape] of Object.entries(SHAPES)) {
        it(`${name}: the SDK's copy, in the turn the SDK's walk settles`, async () => {
            const plain = plainSerialization(shape);
            if (name === "resourceLike") {
                // An object without Object's prototype is not plain here: left to the SDK.
                expect(plain).to.equal(undefined);
                delete shape.nullProto;
            }
            const mine = plainSerialization(shape)!;
            expect(mine, name).to.not.equal(undefined);
            const theirs = await rpc.serializeProperties("", shape);
            expect(mine.value).to.deep.equal(theirs);
            // Members sorted, as the Struct the SDK's monitor made of it gave them back.
            expect(JSON.stringify(mine.value)).to.equal(JSON.stringify(plainCopy(theirs)));
            const sdkTurn = await settlesIn(() => rpc.serializeProperties("", shape));
            const ourTurn = await settlesIn(() => afterTurns(mine.turns, mine.value));
            expect(ourTurn).to.equal(sdkTurn);
        });
    }

    it("leaves to the SDK what it serializes specially or cannot hold as plain data", () => {
        for (const value of [pulumi.output("x"), Promise.resolve(1), new Date(0), NaN, Infinity, Symbol("s"), { __pulumiOutput: true }]) {
            expect(plainSerialization({ a: value })).to.equal(undefined);
            expect(plainSerialization({ a: [value] })).to.equal(undefined);
        }
        expect(plainSerialization({ a: [1, { b: "fine" }] })).to.not.equal(undefined);
    });
});

describe("offline engine: the Output of plain data", () => {
    /** An Output's value, known-ness and secretness, and the turn each settles in. */
    async function described(o: pulumi.Output<unknown>): Promise<unknown[]> {
        type Impl = { promise(withUnknowns?: boolean): Promise<unknown>; isKnown: Promise<boolean>; isSecret: Promise<boolean>; allResources(): Promise<Set<unknown>>; resources(): Set<unknown> };
        const impl = o as unknown as Impl;
        const applied = o.apply((v) => v) as unknown as Impl;
        return [await impl.promise(), await impl.isKnown, await impl.isSecret, (await impl.allResources()).size, impl.resources().size,
            await settlesIn(() => impl.promise()), await settlesIn(() => impl.isKnown), await settlesIn(() => applied.promise())];
    }

    it("copies plain data as the SDK's walk does, and leaves everything else to it", () => {
        const shared = { s: 1 };
        const value = { a: [1, undefined, { b: "c" }], d: shared, e: shared, f: () => 1, g: null };
        const copy = plainOutputValue(value) as typeof value;
        expect(copy).to.deep.equal(value);
        expect(copy).to.not.equal(value);
        expect(copy.a).to.not.equal(value.a);
        expect(copy.f).to.equal(value.f);
        const cycle: Record<string, unknown> = { a: 1 };
        cycle.self = cycle;
        for (const other of [cycle, { a: pulumi.output(1) }, [Promise.resolve(1)], { d: new Date(0) }, { x: { __pulumiResource: true } }]) {
            expect(typeof plainOutputValue(other)).to.equal("symbol");
        }
    });

    it("makes the Output the SDK makes, settling in the same turns", async () => {
        const ours = plainOutput as (value: unknown) => pulumi.Output<unknown>;
        const theirs = sdkOutput as (value: unknown) => pulumi.Output<unknown>;
        for (const value of ["s", 1, null, undefined, [1, [2]], { a: { b: ["c"] } }]) {
            expect(await described(ours(value))).to.deep.equal(await described(theirs(value)));
        }
        // Not plain: the SDK's own output, whole.
        const inner = pulumi.secret("hidden");
        expect(await described(ours({ a: inner }))).to.deep.equal(await described(theirs({ a: inner })));
        const cycle: Record<string, unknown> = {};
        cycle.c = cycle;
        expect(() => ours(cycle)).to.throw("circular");
    });

    it("is what the SDK and the programs reach once installed", () => {
        installPlainOutputs();
        expect(outputModule.output).to.equal(plainOutput);
        expect(pulumi.output).to.equal(plainOutput);
    });
});
