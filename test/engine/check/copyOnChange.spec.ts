import { expect } from "chai";
import { mapItems, mapValues } from "../../../engine/check/copyOnChange";
import { limitProblem } from "../../../engine/check/stackFiles";

const double = (x: unknown) => (typeof x === "number" ? x * 2 : x);
const same = (x: unknown) => x;

describe("copy on change (engine/check/copyOnChange.ts)", () => {
    it("returns the same list or object when nothing changes", () => {
        const list = ["a", "b", { c: 1 }];
        const object = { a: "x", b: ["y"], c: null };
        expect(mapItems(list, same)).to.equal(list);
        expect(mapValues(object, same)).to.equal(object);
        expect(mapValues(object, same, true)).to.equal(object);
    });

    it("copies from the first change on, keeping order and the original untouched", () => {
        const list = ["a", 1, "b", 2];
        const out = mapItems(list, double);
        expect(out).to.deep.equal(["a", 2, "b", 4]).and.not.equal(list);
        expect(list).to.deep.equal(["a", 1, "b", 2]);
        const object = { first: "x", n: 3, last: "y" };
        const copied = mapValues(object, double);
        expect(copied).to.deep.equal({ first: "x", n: 6, last: "y" });
        expect(Object.keys(copied)).to.deep.equal(["first", "n", "last"]);
        expect(object.n).to.equal(3);
    });

    it("drops keys whose value maps to undefined only when asked, and keeps undefined list items", () => {
        const object = { a: 1, gone: undefined, b: 2 };
        expect(Object.keys(mapValues(object, same, true))).to.deep.equal(["a", "b"]);
        expect(mapValues(object, same)).to.equal(object);
        expect(mapItems([1, undefined], same)).to.have.length(2);
    });

    it("keeps a __proto__ key as an own property, never as the copy's prototype", () => {
        const object = JSON.parse('{"__proto__": {"polluted": true}, "n": 1}') as Record<string, unknown>;
        const copied = mapValues(object, double);
        expect(Object.getPrototypeOf(copied)).to.equal(Object.prototype);
        expect(Object.keys(copied)).to.deep.equal(["__proto__", "n"]);
        expect((copied as { polluted?: boolean }).polluted).to.equal(undefined);
        expect(copied.n).to.equal(2);
    });
});

describe("limitProblem (engine/check/stackFiles.ts)", () => {
    it("names the first value past a limit in document order", () => {
        const doc = { a: ["ok", "x".repeat(40_000)], b: "y".repeat(40_000) };
        expect(limitProblem(doc)).to.equal("a[1]: a string of 40000 characters is longer than the 32768 this check reads");
    });

    it("gives a state machine's definition its own limit, and no other key (constructor, toString) one", () => {
        const long = "d".repeat(100_000);
        expect(limitProblem({ definition: long })).to.equal(undefined);
        expect(limitProblem({ constructor: long })).to.match(/^constructor: a string of 100000 characters/);
        expect(limitProblem({ toString: long })).to.match(/^toString: a string of 100000 characters/);
    });

    it("stops at the depth limit without exhausting the stack, and is silent within every limit", () => {
        let deep: unknown = "leaf";
        for (let i = 0; i < 100_000; i++) deep = [deep];
        expect(limitProblem({ x: deep })).to.match(/^x(\[0\])+…?.*: nested deeper than 100 levels$/);
        expect(limitProblem({ a: [{ b: "c" }], d: 1, e: null })).to.equal(undefined);
    });
});
