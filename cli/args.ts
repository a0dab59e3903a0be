/**
 * The command line's grammar, on commander (pinned): each command is declared once as a
 * {@link CommandSpec} (its arguments and options, each with a description, and an option's range,
 * rule and default), and commander gives per-command `--help`, `--version`, "did you mean"
 * suggestions and strict option checking. Ranges and rules are checked here, before the command
 * runs, and `--help` states them: one declaration says both. Every usage error becomes one
 * {@link UsageError} line; help and version go to standard output.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { editDistance } from "../vocabulary/editDistance";
import { UserError } from "../vocabulary/userError";
import { PeerGroup, asMissingPeer, requirePeers } from "./peers";

/** A command line that does not parse: an unknown option, a missing value, a value out of range. */
export class UsageError extends UserError {}

/** A whole-number option's range, and the default the command applies when it is absent. */
export interface Range { min: number; max: number; default?: number }

/** A text option's rule: the pattern a value must match and, in words, what it must be ("be 1-64 letters…", "look like emr-7.12.0"). */
export interface TextRule { pattern: RegExp; must: string; default?: string }

export interface OptionSpec {
    /** What the option does, for `--help` (which adds the range or rule, and the default). */
    description: string;
    /** The value's placeholder (`file`, `n`): the option takes a value. Absent: a switch. */
    value?: string;
    /** May be given more than once (values collected in order). */
    repeat?: boolean;
    /** Must be given. */
    required?: boolean;
    /** A whole number in this range: checked before the command runs, which gets it as a number. */
    range?: Range;
    /** A text that must follow this rule: checked before the command runs. */
    rule?: TextRule;
    /** What applies when the option is absent, when its range or rule does not say it. */
    default?: string | number;
}

/** The option's `--help` text: its description, range or rule, and default. */
export function optionHelp(o: OptionSpec): string {
    const values = o.range ? ` (${o.range.min}-${o.range.max})` : o.rule ? ` (must ${o.rule.must})` : "";
    const fallback = o.default ?? o.range?.default ?? o.rule?.default;
    return `${o.description}${values}${fallback === undefined ? "" : `; defaults to ${fallback}`}`;
}

/** The option's value checked against its range or rule (`command` names the command in the message); a range gives a number. */
export function checkedOption(command: string, flag: string, o: OptionSpec, value: string): string | number {
    if (o.range) {
        const n = Number(value);
        if (!/^\d+$/.test(value) || n < o.range.min || n > o.range.max) {
            throw new UsageError(`${command}: --${flag} must be a whole number from ${o.range.min} to ${o.range.max}, got ${JSON.stringify(value)}`);
        }
        return n;
    }
    if (o.rule && !o.rule.pattern.test(value)) throw new UsageError(`${command}: --${flag} must ${o.rule.must}, got ${JSON.stringify(value)}`);
    return value;
}

export interface ArgumentSpec {
    name: string;
    description: string;
    /** Defaults to false: the command itself says what is missing. */
    required?: boolean;
}

/** What a command's run receives: options by their long name, then the positional arguments. */
export interface Parsed {
    /** Options with a range arrive as numbers, checked. */
    flags: Record<string, string | number | boolean | string[] | undefined>;
    positionals: string[];
    /** The output is a person at a terminal (progress bars are welcome). */
    interactive?: boolean;
}

/** What the commands print with: lines; the command line's own standard output also takes bytes, for a big document (cli/main.ts, cli/jsonReport.ts). */
export type Printer = ((line: string) => void) & { bytes?: (chunk: Uint8Array) => void };

export interface CommandSpec {
    name: string;
    /** One line for the command list. */
    summary: string;
    /** More help text after the options (exit status, examples). */
    details?: string;
    arguments?: ArgumentSpec[];
    options?: Record<string, OptionSpec>;
    /** Nested commands (`fleet preview`); a command with these has no run of its own. */
    subcommands?: CommandSpec[];
    /**
     * The optional peer dependencies the command needs for these arguments, checked before it runs
     * (a missing one: exit 2, one line with the install command). `--help` never needs one.
     */
    peers?: (parsed: Parsed) => PeerGroup[];
    /** Runs the command; it loads its implementation only now, so that declaring it (and `--help`) loads nothing heavy. */
    run?: (parsed: Parsed, out: Printer, err: Printer) => Promise<number>;
}

/** Thrown (and caught by `main`) when help or the version was printed: exit 0, or 2 when help stood in for a missing command. */
export class HelpShown extends Error {
    constructor(public readonly exitCode: number) {
        super("help shown");
        this.name = "HelpShown";
    }
}

function once(flag: string) {
    return (value: string, previous: unknown) => {
        if (previous !== undefined) throw new InvalidArgumentError(`--${flag} given twice`);
        return value;
    };
}

function collect(value: string, previous: string[] | undefined): string[] {
    return [...(previous ?? []), value];
}

interface Context { done: (code: number) => void; out: Printer; err: Printer; interactive: boolean }

/**
 * Declares `spec` under `parent`. `owner` is the top-level command (`dataplane fleet` for
 * `fleet preview`): option values are refused in its name, as every command's own checks do.
 */
function declare(parent: Command, spec: CommandSpec, path: string, ctx: Context, owner = `${path} ${spec.name}`): void {
    const { done, out, err } = ctx;
    const here = `${path} ${spec.name}`;
    const cmd = parent.command(spec.name).description(spec.summary);
    for (const a of spec.arguments ?? []) cmd.argument(a.required ? `<${a.name}>` : `[${a.name}]`, a.description);
    // A command that takes no arguments says itself what an unexpected one is (after the hint that it may be a required option's value).
    if (spec.run && !spec.arguments) cmd.allowExcessArguments(true);
    for (const [flag, o] of Object.entries(spec.options ?? {})) {
        const option = new Option(o.value ? `--${flag} <${o.value}>` : `--${flag}`, optionHelp(o));
        if (o.value) option.argParser((o.repeat ? collect : once(flag)) as (value: string, previous: unknown) => unknown);
        // Required options are checked by the action below, not by commander: commander checks them
        // before unknown options, so `--confg x` would say "--config is missing" instead of "did you mean --config?".
        cmd.addOption(option);
    }
    if (spec.details) cmd.addHelpText("after", `\n${spec.details}`);
    settings(cmd, out, err, ctx.interactive);
    for (const sub of spec.subcommands ?? []) declare(cmd, sub, `${path} ${spec.name}`, ctx, owner);
    if (spec.run) {
        const run = spec.run;
        cmd.action(async (...args: unknown[]) => {
            const self = args[args.length - 1] as Command;
            const flags: Parsed["flags"] = {};
            for (const option of self.options) {
                const flag = option.long!.slice(2);
                const value = self.getOptionValue(option.attributeName());
                const o = spec.options?.[flag];
                // A repeatable option's values are each checked against its range or rule.
                flags[flag] = o && typeof value === "string" ? checkedOption(owner, flag, o, value)
                    : o && Array.isArray(value) ? value.map((v) => checkedOption(owner, flag, o, String(v))) as string[] : value;
            }
            const positionals = self.args.filter((a) => a !== undefined);
            for (const [flag, o] of Object.entries(spec.options ?? {})) {
                if (o.required && flags[flag] === undefined) throw new UsageError(`${here}: --${flag} is required${forgottenFlag(positionals, flag, o)} (see ${here} --help)`);
            }
            const parsed = { flags, positionals, interactive: ctx.interactive };
            requirePeers(here, spec.peers?.(parsed) ?? []);
            try {
                done(await run(parsed, out, err));
            } catch (e) {
                // An optional peer needed only on this path, met while running: the same one line.
                throw asMissingPeer(here, e) ?? e;
            }
        });
    }
}

function settings(cmd: Command, out: Printer, err: Printer, interactive: boolean): void {
    // Help wraps to the terminal's width; anywhere else (files, tests, the docs) at a fixed 100.
    const width = () => (interactive && process.stdout.columns) || 100;
    cmd.exitOverride()
        .showSuggestionAfterError(true)
        .configureOutput({
            writeOut: (s) => out(s.replace(/\n$/, "")), writeErr: (s) => err(s.replace(/\n$/, "")), outputError: () => undefined,
            getOutHelpWidth: width, getErrHelpWidth: width,
        })
        .helpOption("-h, --help", "show this help and exit");
}

/**
 * A hint for a required option's value given without its flag (`preview Pulumi.acme.yaml`):
 * " (did you mean --config Pulumi.acme.yaml?)" when an argument ends as the option's placeholder does (`.yaml`).
 */
function forgottenFlag(positionals: string[], flag: string, o: OptionSpec): string {
    const ext = /(\.[a-z]+)$/.exec(o.value ?? "")?.[1];
    const given = ext === undefined ? undefined : positionals.find((p) => p.toLowerCase().endsWith(ext));
    return given === undefined ? "" : ` (did you mean --${flag} ${given}?)`;
}

/** Commander's message as one line, prefixed with the command it concerns. */
function oneLine(e: CommanderError, path: string): string {
    const text = e.message.replace(/^error: /, "").replace(/\n\(Did you mean (.*)\?\)/, " (did you mean $1?)").replace(/\n/g, " ");
    return `${path}: ${text} (see ${path} --help)`;
}

/**
 * Parses `argv` (the arguments after the program name) against `commands` and runs the chosen
 * command. Resolves to its exit status; rejects with {@link UsageError} or {@link HelpShown},
 * or with whatever the command threw.
 */
export async function dispatch(program: string, version: string, summary: string, commands: CommandSpec[], argv: string[],
    out: Printer, err: Printer, interactive = false): Promise<number> {
    const root = new Command();
    settings(root.name(program), out, err, interactive);
    root.description(summary).version(version, "-V, --version", "print the version and exit");
    let status: number | undefined;
    for (const c of commands) declare(root, c, program, { done: (code) => { status = code; }, out, err, interactive });
    const lost = helpForUnknownCommand(root, argv);
    if (lost) {
        // `dataplane previw --help`: the help of the deepest command named, and what was not found, on standard error.
        err(lost.note);
        lost.command.outputHelp();
        throw new HelpShown(0);
    }
    try {
        await root.parseAsync(argv, { from: "user" });
    } catch (e) {
        if (!(e instanceof CommanderError)) throw e;
        if (e.code === "commander.helpDisplayed" || e.code === "commander.version") throw new HelpShown(0);
        if (e.code === "commander.help") throw new HelpShown(e.exitCode === 0 ? 0 : 2);
        throw new UsageError(oneLine(e, pathOf(root, argv)));
    }
    if (status === undefined) throw new UsageError(`${pathOf(root, argv)}: a command is required (see ${program} --help)`);
    return status;
}

/** The deepest command the leading arguments name (`dataplane fleet preview`), its path, and the arguments after it. */
function walk(root: Command, argv: string[]): { command: Command; path: string; rest: string[] } {
    let command = root;
    let path = root.name();
    let i = 0;
    for (; i < argv.length; i++) {
        const sub = command.commands.find((c) => c.name() === argv[i]);
        if (!sub) break;
        command = sub;
        path = `${path} ${argv[i]}`;
    }
    return { command, path, rest: argv.slice(i) };
}

/** The command path the arguments name (`dataplane fleet preview`), for error messages. */
function pathOf(root: Command, argv: string[]): string {
    return walk(root, argv).path;
}

/**
 * For `--help` after a command that does not exist (`dataplane previw --help`, `dataplane fleet
 * previw -h`): the command whose help to show instead — the deepest one named — and a note saying
 * what was not found, with commander's suggestion. Undefined when there is no `--help` or nothing unknown.
 */
function helpForUnknownCommand(root: Command, argv: string[]): { command: Command; note: string } | undefined {
    const dashes = argv.indexOf("--");
    const options = dashes < 0 ? argv : argv.slice(0, dashes);
    if (!options.includes("--help") && !options.includes("-h")) return undefined;
    const { command, path, rest } = walk(root, options);
    const word = rest[0];
    if (command.commands.length === 0 || word === undefined || word.startsWith("-") || word === "help") return undefined;
    const names = command.commands.map((c) => c.name());
    const near = names.find((n) => editDistance(n, word) <= Math.max(1, Math.floor(n.length / 3)));
    return { command, note: `${path}: unknown command '${word}'${near ? ` (did you mean ${near}?)` : ""}; its commands are ${names.join(", ")}` };
}
