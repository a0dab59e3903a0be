/**
 * Typed shapes for the files people write: each {@link Shape} checks a parsed value and returns it
 * typed, or says what is wrong at which key path — a value of the wrong type, a word in the wrong
 * case, a key that is not part of the shape ("did you mean"), a map given as a list or a string.
 * The type of a file follows from its shape ({@link TypeOf}), so adding a field is one line in one
 * place (engine/offline/worldSchema.ts is the world file's).
 */
import { didYouMean } from "../vocabulary/editDistance";
import { keyPath, shown } from "../vocabulary/printable";

/** A value at `path` that does not fit its shape. */
export class ShapeProblem extends Error {
    constructor(public readonly path: string, public readonly problem: string) {
        super(`${path || "(top)"}: ${problem}`);
    }
}

export interface Shape<T> {
    /** What the value must be, as a message says it ("a list of bucket names"). */
    readonly describe: string;
    /** The value, checked; throws {@link ShapeProblem}. */
    read(value: unknown, path: string): T;
    /** For the reference table ({@link shapeRows}): a record's fields, a list's or map's items (with the map's key). */
    readonly parts?: { fields?: Record<string, Shape<unknown>>; required?: string[]; item?: Shape<unknown>; key?: string; list?: boolean };
}

export type TypeOf<S> = S extends Shape<infer T> ? T : never;

/** How a value is named when it is of the wrong kind. */
export function kindOf(value: unknown): string {
    if (value === null) return "null";
    if (Array.isArray(value)) return "a list";
    if (typeof value === "object") return "a mapping";
    if (typeof value === "string") return `the string ${shown(value, 60)}`;
    return `${typeof value} ${shown(value, 40)}`;
}

const fail = (path: string, shape: { describe: string }, value: unknown, hint = ""): never => {
    throw new ShapeProblem(path, `must be ${shape.describe}, got ${kindOf(value)}${hint}`);
};

/** A string, matching `pattern` when given. */
export function text(describe = "a string", pattern?: RegExp): Shape<string> {
    const shape: Shape<string> = {
        describe,
        read: (value, path) => (typeof value === "string" && (!pattern || pattern.test(value)) ? value : fail(path, shape, value)),
    };
    return shape;
}

export const flag: Shape<boolean> = {
    describe: "true or false",
    read: (value, path) => (typeof value === "boolean" ? value : fail(path, flag, value)),
};

/** One of `values`, exactly as written (a value in another case is refused, naming the right one). */
export function oneOf<T extends string>(values: readonly T[]): Shape<T> {
    const shape: Shape<T> = {
        describe: `one of ${values.map((v) => JSON.stringify(v)).join(", ")}`,
        read: (value, path) => (values.includes(value as T) ? value as T : fail(path, shape, value, typeof value === "string" ? didYouMean(value, values) : "")),
    };
    return shape;
}

/** A list of `item`s. */
export function listOf<T>(item: Shape<T>, describe = `a list (each ${item.describe})`): Shape<T[]> {
    const shape: Shape<T[]> = {
        describe,
        read: (value, path) => (Array.isArray(value) ? value.map((v, i) => item.read(v, keyPath(path, i))) : fail(path, shape, value)),
        parts: { item, list: true },
    };
    return shape;
}

const isMapping = (v: unknown): v is Record<string, unknown> => Boolean(v) && typeof v === "object" && !Array.isArray(v);

/** A mapping of keys (matching `key` when given) to `item`s. */
export function mapOf<T>(item: Shape<T>, key?: { describe: string; pattern: RegExp; label?: string }, describe = `a mapping${key ? ` of ${key.describe}` : ""} to ${item.describe}`): Shape<Record<string, T>> {
    const shape: Shape<Record<string, T>> = {
        describe,
        read: (value, path) => {
            if (!isMapping(value)) return fail(path, shape, value);
            const out: Record<string, T> = {};
            for (const [k, v] of Object.entries(value)) {
                if (key && !key.pattern.test(k)) throw new ShapeProblem(keyPath(path, k), `is not ${key.describe}`);
                out[k] = item.read(v, keyPath(path, k));
            }
            return out;
        },
        parts: { item, key: key?.label ?? key?.describe ?? "key" },
    };
    return shape;
}

/** Any mapping, its values unchecked. */
export const anyMapping: Shape<Record<string, unknown>> = {
    describe: "a mapping",
    read: (value, path) => (isMapping(value) ? value : fail(path, anyMapping, value)),
};

type Fields = Record<string, Shape<unknown>>;

/** A field that must be there (see {@link required}). */
export interface RequiredShape<T> extends Shape<T> {
    readonly required: true;
}

/** `shape` as a field a record requires. */
export function required<T>(shape: Shape<T>): RequiredShape<T> {
    return { ...shape, required: true };
}

/** The keys of fields made with {@link required}. (Decided by the fields' own types: inference of a separate key list differs between compiler settings.) */
type RequiredKeys<F extends Fields> = { [K in keyof F]: F[K] extends { required: true } ? K : never }[keyof F];

/** A record of its fields' types: optional unless made with {@link required}. */
export type RecordOf<F extends Fields> = { [K in Exclude<keyof F, RequiredKeys<F>>]?: TypeOf<F[K]> } & { [K in RequiredKeys<F>]: TypeOf<F[K]> };

/**
 * A mapping with these fields (each optional unless made with {@link required}). Any other key is
 * refused with the nearest field's name, unless `open` (then other keys are kept as they are).
 */
export function record<F extends Fields, O extends boolean = false>(describe: string, fields: F,
    opts: { open?: O } = {}): Shape<RecordOf<F> & (O extends true ? Record<string, unknown> : unknown)> {
    const names = Object.keys(fields);
    const mandatory = names.filter((n) => (fields[n] as Partial<RequiredShape<unknown>>).required === true);
    const shape: Shape<RecordOf<F> & (O extends true ? Record<string, unknown> : unknown)> = {
        describe,
        read: (value, path) => {
            if (!isMapping(value)) return fail(path, shape, value);
            const out: Record<string, unknown> = {};
            for (const [k, v] of Object.entries(value)) {
                const field = Object.prototype.hasOwnProperty.call(fields, k) ? fields[k] : undefined;
                if (field) out[k] = field.read(v, keyPath(path, k));
                else if (opts.open) out[k] = v;
                else throw new ShapeProblem(keyPath(path, k), `is not a key of ${describe}${didYouMean(k, names) || ` (its keys: ${names.join(", ")})`}`);
            }
            for (const k of mandatory) if (!(k in out)) throw new ShapeProblem(keyPath(path, k), `is required in ${describe}`);
            return out as RecordOf<F> & (O extends true ? Record<string, unknown> : unknown);
        },
        parts: { fields, required: mandatory },
    };
    return shape;
}

/** The first of `shapes` that reads the value (told apart by `which`, which picks one from the value). */
export function either<A, B>(describe: string, which: (value: unknown) => "a" | "b" | undefined, a: Shape<A>, b: Shape<B>): Shape<A | B> {
    const shape: Shape<A | B> = {
        describe,
        read: (value, path) => {
            const pick = which(value);
            return pick === "a" ? a.read(value, path) : pick === "b" ? b.read(value, path) : fail(path, shape, value);
        },
    };
    return shape;
}

/** `shape` with a further check of the whole value (a rule between fields); `check` returns a problem or undefined. */
export function refined<T>(shape: Shape<T>, check: (value: T) => { path: string; problem: string } | undefined): Shape<T> {
    return {
        describe: shape.describe,
        read: (value, path) => {
            const read = shape.read(value, path);
            const problem = check(read);
            if (problem) throw new ShapeProblem(keyPath(path, problem.path), problem.problem);
            return read;
        },
        parts: shape.parts,
    };
}

/**
 * A shape as reference rows (`key path`, what it must be), records and lists opened down to their
 * leaves: `bucketSettings.<bucket name>.versioning` — one of "Enabled", "Suspended", "Disabled".
 */
export function shapeRows(shape: Shape<unknown>, path = ""): { path: string; describe: string; required: boolean }[] {
    const parts = shape.parts;
    if (parts?.fields) {
        return Object.entries(parts.fields).flatMap(([name, field]) => {
            const at = path ? `${path}.${name}` : name;
            const rows = shapeRows(field, at);
            if (parts.required?.includes(name)) for (const r of rows) if (r.path === at) r.required = true;
            return rows;
        });
    }
    if (parts?.item && (parts.item.parts?.fields || parts.item.parts?.item)) {
        return [{ path, describe: shape.describe, required: false }, ...shapeRows(parts.item, parts.list ? `${path}[]` : `${path}.<${parts.key}>`)];
    }
    return [{ path, describe: shape.describe, required: false }];
}
