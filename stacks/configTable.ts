/**
 * The one config pipeline of the Pulumi projects under `stacks/`. Each project declares one key
 * table ({@link ConfigTable}); {@link readConfig} turns the raw stack config
 * (`pulumi.runtime.allConfig()`: `namespace:key → string`, lists as JSON) into component args by
 * it, and `tools/generateDocs.ts` writes the project's `Pulumi.yaml` `config:` section and its
 * table in docs/reference/config.md from it.
 *
 * Who checks what: this layer parses types, maps a key to the component field it feeds (the one
 * name change, typed: a table names the Args of each part it feeds, {@link Parts}, so a key feeding
 * a field the component does not have fails to compile), refuses unknown keys and keys of another
 * variant, and checks `aws:region` and the partition of every ARN. Everything about a value's *content* is the component's own validation
 * (`validate<Component>Args`), run with {@link ReadConfig.keyOf} so its errors name the config key.
 * Defaults of component fields live in the component; only keys no component reads carry one here.
 */
import { PARTITIONS, isKnownPartition, partitionOf, partitionOfArn } from "../vocabulary/arn";
import * as v from "../components/validation";
import { editDistance } from "../vocabulary/editDistance";

/** How Pulumi passes a value: strings as is, everything else as JSON text. */
/** `objects`: a list of mappings (a tenant list), checked item by item by the stack's own reader. */
export type ConfigType = "string" | "boolean" | "integer" | "array" | "objects";

/**
 * What a project's config feeds: each part's name and the component Args it fills
 * (`{ bucket: ResourceBucketArgs; network: NetworkArgs; … }`).
 */
export type Parts = Record<string, object>;

/** `<part>.<field>` for every field of every part: the only names a key may feed or a stack derive. */
export type FieldOf<P> = { [K in keyof P & string]: `${K}.${keyof P[K] & string}` }[keyof P & string];

/** One row of a project's key table; `P` is what the project feeds (untyped where any table will do). */
export interface ConfigKey<P = any> {
    /** The key without the project namespace (`planeKind` is set as `emr-dataplane:planeKind`). */
    key: string;
    type: ConfigType;
    /** The component field(s) the value feeds unchanged, as `<part>.<field>` (`bucket.retainOnDelete`). Absent for keys the stack itself uses. */
    feeds?: FieldOf<P> | readonly FieldOf<P>[];
    /** Default of a key the stack itself uses; a component field's default is the component's. */
    default?: string | number | boolean | string[];
    /** Variants (plane kinds, sides) the key applies to; absent: all. */
    variants?: readonly string[];
    /** `true`: always required; a variant name: required for that variant. */
    required?: true | string;
    secret?: boolean;
    /** What the key is about (`plane`, `bucket`, `network`, …), for readers of the table. */
    group?: string;
    /** One or two sentences: what it means and its valid values. */
    description: string;
}

/** A project's whole config: its namespace, the variant switch if any, and every key; `P` is what it feeds. */
export interface ConfigTable<P = any> {
    project: string;
    /** The key that picks the variant (`planeKind`, `side`), and how a variant reads in a sentence. */
    variant?: { key: string; values: readonly string[]; noun: (variant: string) => string };
    keys: readonly ConfigKey<P>[];
    /** Keys that were renamed or replaced → why and what to set instead (backquoted key names are qualified with the project). Setting one fails. */
    replaced?: Record<string, string>;
    /** Field names a stack derives from a key without feeding it unchanged (`launch.roleName` from `namePrefix`). */
    derived?: Partial<Record<FieldOf<P>, string>>;
    /** The defaults of component-fed fields, read from the components' own validation (for the docs). */
    componentDefaults?: () => { [K in keyof P]?: object };
}

/** The result of {@link readConfig}. */
export interface ReadConfig<P = any> {
    variant?: string;
    /** `aws:region`, when set. */
    region?: string;
    /** The partition every ARN in the config is in (from the region, else from the ARNs). */
    partition?: string;
    /** Every set key (and the stack's own defaults), parsed by type. */
    values: Record<string, unknown>;
    /** Component args by part (`bucket`, `network`, …): the set values of the keys that feed them. */
    parts: { [K in keyof P]?: Partial<P[K]> };
    /** The full config key of a key (`emr-dataplane:<key>`). */
    key(key: string): string;
    /** Maps a field of `part` to the config key feeding it, for the component's validation to name. */
    keyOf(part: keyof P & string): (field: string) => string;
}

/**
 * The way through for a region newer than the AWS SDK data the package was built with: every
 * project that builds AWS resources has this key, and `aws:region` must otherwise be a region the
 * data lists for its partition (vocabulary/partitions.ts). A project without it (the control plane,
 * which only reads other stacks) checks the region's shape only.
 */
export const ALLOW_UNLISTED_REGION: ConfigKey = {
    key: "allowUnlistedRegion", type: "boolean", default: false, group: "plane",
    description: "Accept an `aws:region` the package's AWS SDK region data does not list yet (a region AWS opened after this release), as long as it has the shape of a partition's regions. Otherwise an unlisted region is refused with the nearest listed names.",
};

/** Reads `raw` by `table`: every error is a ValidationError naming the config key, thrown before anything is registered. */
export function readConfig<P>(table: ConfigTable<P>, raw: Record<string, string>): ReadConfig<P> {
    const key = (k: string) => `${table.project}:${k}`;
    v.refuseReplaced(Object.fromEntries(Object.keys(table.replaced ?? {}).map((old) => [old, raw[key(old)]])), table.replaced ?? {}, key);
    rejectUnknownKeys(raw, table.project, table.keys.map((k) => k.key));
    const region = raw["aws:region"] === undefined ? undefined : readRegion(table, raw);
    const values: Record<string, unknown> = {};
    for (const spec of table.keys) {
        const text = raw[key(spec.key)];
        if (text !== undefined) values[spec.key] = parseConfigValue(key(spec.key), spec.type, text);
    }
    const partition = checkPartitions(table, values, region);
    const variant = table.variant && v.oneOf(key(table.variant.key), values[table.variant.key], table.variant.values);
    for (const spec of table.keys) {
        const isSet = values[spec.key] !== undefined;
        if (isSet && spec.variants && !spec.variants.includes(variant!)) {
            throw new v.ValidationError(key(spec.key), `only applies to ${spec.variants.map(table.variant!.noun).join(" or ")}, and ${table.variant!.key} is "${variant}"`);
        }
        const required = spec.required === true || (spec.required !== undefined && spec.required === variant);
        if (!isSet && required && spec.key !== table.variant?.key) {
            throw new v.ValidationError(key(spec.key), `is required${spec.required === true ? "" : ` for ${table.variant!.noun(variant!)}`}: ${spec.description}`);
        }
        if (!isSet && spec.default !== undefined) values[spec.key] = spec.default;
    }
    const parts: Record<string, Record<string, unknown>> = {};
    for (const spec of table.keys) {
        for (const target of feedsOf(spec)) {
            const [part, field] = target.split(".");
            parts[part] ??= {};
            if (values[spec.key] !== undefined) parts[part][field] = values[spec.key];
        }
    }
    return { variant, region, partition, values, parts: parts as ReadConfig<P>["parts"], key, keyOf: (part) => keyMapper(table, part) };
}

/** `aws:region`: listed in the SDK data unless the table's {@link ALLOW_UNLISTED_REGION} key is true (or the table has none). */
function readRegion(table: ConfigTable, raw: Record<string, string>): string {
    const declared = table.keys.includes(ALLOW_UNLISTED_REGION);
    const key = `${table.project}:${ALLOW_UNLISTED_REGION.key}`;
    const allow = !declared || (raw[key] !== undefined && parseConfigValue(key, "boolean", raw[key]) === true);
    return v.region("aws:region", raw["aws:region"], {
        allowUnlisted: allow,
        unlistedHint: declared ? `for a region newer than that data, set ${key}: true` : undefined,
    });
}

/**
 * Maps a field of `part` to the config key that feeds it (unchanged, or derived from it), so a
 * component's validation names the config key. A field no key feeds keeps its component name
 * (`args.<field>`): the config never sets it, so only a message listing alternatives can show it.
 */
export function keyMapper<P>(table: ConfigTable<P>, part: keyof P & string): (field: string) => string {
    return (field) => {
        const name = `${part}.${field}`;
        const from = table.keys.find((k) => feedsOf(k).includes(name))?.key ?? (table.derived as Record<string, string> | undefined)?.[name];
        return from === undefined ? `args.${field}` : `${table.project}:${from}`;
    };
}

/**
 * Every ARN set in the config (a string value, or an item of a list) must be of one known
 * partition: `aws:region`'s when it is set, else the first ARN's. An `arn:aws-cn:…` role in an
 * `aws` stack would be refused by IAM at deploy time, long after a preview said all was well.
 */
function checkPartitions(table: ConfigTable, values: Record<string, unknown>, region: string | undefined): string | undefined {
    let partition = region === undefined ? undefined : partitionOf(region);
    let source = "aws:region";
    for (const spec of table.keys) {
        const value = values[spec.key];
        const items = stringsWithin(value, "");
        for (const [suffix, item] of items) {
            if (typeof item !== "string" || !item.startsWith("arn:")) continue;
            const field = `${table.project}:${spec.key}${suffix}`;
            const p = partitionOfArn(item);
            if (p === undefined || !isKnownPartition(p)) {
                throw new v.ValidationError(field, `names an unknown partition (${PARTITIONS.join(", ")}), got ${JSON.stringify(item)}`);
            }
            if (partition === undefined) {
                partition = p;
                source = field;
            } else if (p !== partition) {
                const why = source === "aws:region" ? `aws:region ${region} is in partition ${partition}` : `${source} is in partition ${partition}`;
                throw new v.ValidationError(field, `is an ARN of partition ${p}, but ${why}: every ARN of a stack is in its region's partition`);
            }
        }
    }
    return partition;
}

/** Every string in a config value with its path: the value itself, a list's items, a mapping's fields (`[0].customerRoleArns[1]`). */
function stringsWithin(value: unknown, at: string): (readonly [string, unknown])[] {
    if (Array.isArray(value)) return value.flatMap((item, i) => stringsWithin(item, `${at}[${i}]`));
    if (value !== null && typeof value === "object") return Object.entries(value).flatMap(([k, item]) => stringsWithin(item, `${at}.${k}`));
    return [[at, value] as const];
}

/** Parses a raw config string by the key's declared type (Pulumi passes lists and objects as JSON). */
export function parseConfigValue(key: string, type: ConfigType, text: string): unknown {
    switch (type) {
        case "string":
            return text;
        case "boolean":
            if (text === "true" || text === "false") return text === "true";
            throw new v.ValidationError(key, `must be true or false, got ${JSON.stringify(text)}`);
        case "integer":
            if (/^-?\d+$/.test(text)) return Number(text);
            throw new v.ValidationError(key, `must be a whole number, got ${JSON.stringify(text)}`);
        case "array": {
            let parsed: unknown;
            try {
                parsed = JSON.parse(text);
            } catch {
                throw new v.ValidationError(key, `must be a list (in YAML, or as JSON with \`pulumi config set --path\`), got ${JSON.stringify(text)}`);
            }
            if (!Array.isArray(parsed)) throw new v.ValidationError(key, `must be a list, got ${text}`);
            parsed.forEach((item, i) => {
                if (typeof item !== "string") throw new v.ValidationError(`${key}[${i}]`, `must be a string, got ${JSON.stringify(item)}`);
            });
            return parsed;
        }
        case "objects": {
            let parsed: unknown;
            try {
                parsed = JSON.parse(text);
            } catch {
                throw new v.ValidationError(key, `must be a list of mappings (in YAML), got ${JSON.stringify(text)}`);
            }
            if (!Array.isArray(parsed)) throw new v.ValidationError(key, `must be a list, got ${text}`);
            parsed.forEach((item, i) => {
                if (item === null || typeof item !== "object" || Array.isArray(item)) throw new v.ValidationError(`${key}[${i}]`, `must be a mapping, got ${JSON.stringify(item)}`);
            });
            return parsed;
        }
    }
}

/**
 * Refuses keys in `project`'s namespace that are not in `keys`, suggesting the nearest known key;
 * and keys that only a typo keeps out of it — a namespace one or two edits from the project's
 * (`emr-datplane:planeKind`) or `aws:region` misspelt — which nothing would read: the stack would
 * silently run without them.
 */
export function rejectUnknownKeys(raw: Record<string, string>, project: string, keys: readonly string[]): void {
    const known = new Set(keys.map((k) => `${project}:${k}`));
    const nearest = (bare: string) => keys.find((k) => k.toLowerCase() === bare.toLowerCase() || editDistance(k.toLowerCase(), bare.toLowerCase()) <= 2);
    for (const key of Object.keys(raw)) {
        if (known.has(key)) continue;
        const colon = key.indexOf(":");
        const [namespace, bare] = colon < 0 ? ["", key] : [key.slice(0, colon), key.slice(colon + 1)];
        if (namespace === project) {
            const near = nearest(bare);
            const hint = near ? ` (did you mean ${project}:${near}?)` : ` (its keys: ${keys.join(", ")})`;
            throw new v.ValidationError(key, `is not a config key of this project${hint}`);
        }
        if (namespace !== "" && namespace !== "aws" && editDistance(namespace.toLowerCase(), project, 2) <= 2) {
            const near = keys.includes(bare) ? bare : nearest(bare);
            throw new v.ValidationError(key, `is in namespace ${namespace}, which nothing reads (did you mean ${project}:${near ?? bare}?)`);
        }
    }
    refuseMisspeltRegion(raw);
}

/** Refuses an `aws:` key a typo away from `aws:region` when `aws:region` is unset: the stack would run in whatever region the environment says. */
export function refuseMisspeltRegion(raw: Record<string, string>): void {
    if (raw["aws:region"] !== undefined) return;
    const key = Object.keys(raw).find((k) => k.startsWith("aws:") && editDistance(k.slice(4).toLowerCase(), "region", 2) <= 2);
    if (key) throw new v.ValidationError(key, "is not a config key of the AWS provider (did you mean aws:region?)");
}

/** The default a key's documentation states: the stack's own, or the component's for the field it feeds. */
export function defaultOf(table: ConfigTable, spec: ConfigKey): unknown {
    if (spec.default !== undefined) return spec.default;
    const [target] = feedsOf(spec);
    if (target === undefined) return undefined;
    const [part, field] = target.split(".");
    return ((table.componentDefaults?.() as Record<string, object> | undefined)?.[part] as Record<string, unknown> | undefined)?.[field];
}

/** The `<part>.<field>` names a key feeds, as a list. */
export function feedsOf(spec: ConfigKey): readonly string[] {
    return spec.feeds === undefined ? [] : typeof spec.feeds === "string" ? [spec.feeds] : spec.feeds;
}

/** Refuses a stack whose credentials are for another account than the one its config pins. */
export function checkAccount(keyName: string, pinned: string | undefined, actual: string): void {
    if (pinned !== undefined && pinned !== actual) {
        throw new v.ValidationError(keyName, `this stack belongs to account ${pinned}, but the AWS credentials are for account ${actual}`);
    }
}
