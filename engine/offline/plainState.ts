/**
 * The offline monitor serializes every registration's state as the SDK's mock monitor does
 * (`rpc.serializeProperties`), because the turns of the microtask queue that serialization takes
 * decide when the registration completes, and so the order of the records (the documents' resource
 * order). Over plain data that serialization is a copy made one `await` at a time: an async call
 * (a promise, and a closure for its objects) per value, ~3% of a fleet plane's thread time.
 * {@link plainSerialization} makes the same copy at once, its members sorted as the Struct the
 * SDK's monitor makes of it gives them back (what the record and the SDK read: one copy serves both),
 * and counts the turns the SDK's walk takes over it; {@link afterTurns} then gives it back after
 * exactly that many turns, so every registration still completes in the turn it completed in before. State that is not plain data
 * (an unknown, a resource, an asset, a number JSON cannot hold) is left to the SDK.
 *
 * `test/engine/offline/plainState.spec.ts` compares the copy and the turn of completion with the
 * SDK's over many shapes.
 */

/** A value the SDK serializes specially (it marks its own objects with `__pulumi…` members). */
const NOT_PLAIN = Symbol("not plain");

/** What {@link serialized} gives back: the copy, and the turns after which the SDK's `serializeProperty` would have settled it. */
interface Walked { copy: unknown; turns: number }

/**
 * `rpc.serializeProperty` of plain `value`, and when its promise settles (turns after the call):
 * a primitive (or undefined, or a function: no value) at once; a list after one turn beyond each
 * item's; an object after one turn beyond each member's, and one more (`return await` of its keys' walk).
 */
function serialized(value: unknown): Walked | typeof NOT_PLAIN {
    if (typeof value === "function") return { copy: undefined, turns: 0 };
    if (value === undefined || value === null || typeof value === "boolean" || typeof value === "string") return { copy: value, turns: 0 };
    if (typeof value === "number") return Number.isFinite(value) ? { copy: value, turns: 0 } : NOT_PLAIN;
    if (typeof value !== "object") return NOT_PLAIN;
    const proto = Object.getPrototypeOf(value);
    if (proto === Array.prototype) {
        const list = value as unknown[];
        const copy: unknown[] = [];
        let turns = 0;
        for (let i = 0; i < list.length; i++) {
            const item = serialized(list[i]);
            if (item === NOT_PLAIN) return NOT_PLAIN;
            copy.push(item.copy === undefined ? null : item.copy);
            turns += item.turns + 1;
        }
        return { copy, turns };
    }
    if (proto !== Object.prototype) return NOT_PLAIN;
    const members = ofObject(value as Record<string, unknown>);
    return members === NOT_PLAIN ? NOT_PLAIN : { copy: members.copy, turns: members.turns + 1 };
}

/** An object's members walked as the SDK walks them (`serializeAllKeys`): one turn beyond each member's; undefined members left out. */
function ofObject(value: Record<string, unknown>): { copy: Record<string, unknown>; turns: number } | typeof NOT_PLAIN {
    const copy: Record<string, unknown> = {};
    let turns = 0;
    // Members in sorted order, as a protobuf Struct gives them back (./plainStructs.ts): the order the record and the SDK read.
    for (const k of Object.keys(value).sort()) {
        // The SDK's own objects (Outputs, resources, assets, unknowns) carry `__pulumi…` members.
        if (k.startsWith("__pulumi")) return NOT_PLAIN;
        const member = serialized(value[k]);
        if (member === NOT_PLAIN) return NOT_PLAIN;
        if (member.copy !== undefined) copy[k] = member.copy;
        turns += member.turns + 1;
    }
    return { copy, turns };
}

/**
 * `rpc.serializeProperties("", props)`'s result for plain `props` (members sorted), and the turns after which its
 * promise settles (its keys' walk, and one more for its own `await`); undefined when `props` is not plain data.
 */
export function plainSerialization(props: Record<string, unknown>): { value: Record<string, unknown>; turns: number } | undefined {
    if (props === null || typeof props !== "object" || Object.getPrototypeOf(props) !== Object.prototype) return undefined;
    const members = ofObject(props);
    return members === NOT_PLAIN ? undefined : { value: members.copy, turns: members.turns + 1 };
}

/** `value`, from a promise that settles after exactly `turns` turns of the microtask queue. */
export async function afterTurns<T>(turns: number, value: T): Promise<T> {
    for (let i = 0; i < turns; i++) await undefined;
    return value;
}
