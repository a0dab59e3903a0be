/** A small, strict argument parser: known flags only, a clear error for anything else. */
export class UsageError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "UsageError";
    }
}

export interface FlagSpec {
    /** Takes a value (`--config FILE`) rather than being a switch (`--json`). */
    value?: boolean;
    /** May be given more than once (values collected in order). */
    repeat?: boolean;
}

export interface Parsed {
    flags: Record<string, string | boolean | string[] | undefined>;
    positionals: string[];
}

export function parseArgs(argv: string[], spec: Record<string, FlagSpec>, command: string): Parsed {
    const flags: Parsed["flags"] = {};
    const positionals: string[] = [];
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        if (!arg.startsWith("--")) {
            positionals.push(arg);
            continue;
        }
        const [name, inline] = arg.slice(2).split(/=(.*)/s, 2);
        const s = spec[name];
        if (!s) throw new UsageError(`${command}: unknown option --${name} (options: ${Object.keys(spec).map((k) => `--${k}`).join(", ")})`);
        if (!s.value) {
            if (inline !== undefined) throw new UsageError(`${command}: --${name} takes no value`);
            flags[name] = true;
            continue;
        }
        const value = inline ?? argv[++i];
        if (value === undefined || (inline === undefined && value.startsWith("--"))) throw new UsageError(`${command}: --${name} needs a value`);
        if (s.repeat) flags[name] = [...((flags[name] as string[] | undefined) ?? []), value];
        else if (flags[name] !== undefined) throw new UsageError(`${command}: --${name} given twice`);
        else flags[name] = value;
    }
    return { flags, positionals };
}
