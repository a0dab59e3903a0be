/**
 * Rebuilding JSON-like values without copying what does not change: reading a 10,000-resource
 * stack export and handing its properties to the pack touch every value, and nearly all of them are
 * plain. `mapItems` and `mapValues` return the very same array or object when no item changes,
 * allocate nothing on the way, and copy (in key order) only from the first change on.
 */

/** Sets `key` as an own property, `__proto__` included (a plain assignment would set the prototype). */
function put(target: Record<string, unknown>, key: string, value: unknown): void {
    if (key === "__proto__") Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
    else target[key] = value;
}

/** `list` with every item mapped by `f`: `list` itself when every item maps to itself. */
export function mapItems(list: readonly unknown[], f: (item: unknown) => unknown): unknown[] {
    let out: unknown[] | undefined;
    for (let i = 0; i < list.length; i++) {
        const item = list[i];
        const mapped = f(item);
        if (out) out.push(mapped);
        else if (mapped !== item) {
            out = list.slice(0, i);
            out.push(mapped);
        }
    }
    return out ?? (list as unknown[]);
}

/**
 * `object` with every own enumerable value mapped by `f`, dropping keys whose value maps to
 * `undefined` when `dropUndefined`: `object` itself when nothing changes.
 */
export function mapValues(object: Record<string, unknown>, f: (value: unknown) => unknown, dropUndefined = false): Record<string, unknown> {
    let out: Record<string, unknown> | undefined;
    const keys = Object.keys(object);
    for (let i = 0; i < keys.length; i++) {
        const key = keys[i];
        const value = object[key];
        const mapped = f(value);
        if (!out) {
            if (mapped === value && !(dropUndefined && mapped === undefined)) continue;
            out = {};
            for (let j = 0; j < i; j++) put(out, keys[j], object[keys[j]]);
        }
        if (!(dropUndefined && mapped === undefined)) put(out, key, mapped);
    }
    return out ?? object;
}
