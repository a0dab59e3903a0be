/**
 * One `Intl.Collator` per set of options for `String.prototype.localeCompare`, in the test
 * process. The IAM simulator (test/helpers/iamSimulate.ts) compares case-insensitively with
 * `a.localeCompare(b, undefined, { sensitivity: "accent" })` — condition operators, action and
 * resource-type matching, millions of calls in the deployer's sweeps. V8 keeps a collator only for
 * a call without locales and options; with options it builds a new collator for every call, which
 * was about a fifth of the simulator's time. ECMA-402 defines such a call as comparing with
 * `new Intl.Collator(locales, options)`: a collator kept per locales and options (plain data, keyed by
 * their JSON) gives the very same answers. Anything else (an options object with other prototypes,
 * locales that are not strings) goes to the built-in unchanged.
 */
const builtIn = String.prototype.localeCompare;
const collators = new Map<string, Intl.Collator>();

function plainOptions(options: unknown): boolean {
    if (options === undefined) return true;
    if (typeof options !== "object" || options === null || Object.getPrototypeOf(options) !== Object.prototype) return false;
    return Object.values(options).every((v) => v === undefined || ["string", "boolean"].includes(typeof v));
}

function plainLocales(locales: unknown): boolean {
    return locales === undefined || typeof locales === "string" || (Array.isArray(locales) && locales.every((l) => typeof l === "string"));
}

function localeCompare(this: string, that: string, locales?: string | string[], options?: Intl.CollatorOptions): number {
    if ((locales === undefined && options === undefined) || !plainOptions(options) || !plainLocales(locales)) {
        return builtIn.call(this, that, locales, options);
    }
    const key = JSON.stringify([locales, options]);
    let collator = collators.get(key);
    if (!collator) collators.set(key, (collator = new Intl.Collator(locales, options)));
    return collator.compare(String(this), String(that));
}

/** Installs the kept collators (once per process); returns the built-in, for the helper's own test. */
export function keepCollators(): typeof String.prototype.localeCompare {
    if (String.prototype.localeCompare !== (localeCompare as typeof builtIn)) {
        Object.defineProperty(String.prototype, "localeCompare", { value: localeCompare, writable: true, configurable: true, enumerable: false });
    }
    return builtIn;
}

/** How many collators are kept (one per locales and options seen), for the helper's own test. */
export function keptCollators(): number {
    return collators.size;
}
