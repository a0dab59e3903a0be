/**
 * The command line's grammar, on commander (pinned): each command is declared once as a
 * {@link CommandSpec} (its arguments and options, each with a description), and commander gives
 * per-command `--help`, `--version`, "did you mean" suggestions and strict option checking.
 * Every usage error becomes one {@link UsageError} line; help and version go to standard output.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { UserError } from "../vocabulary/userError";

/** A command line that does not parse: an unknown option, a missing value, a value out of range. */
export class UsageError extends UserError {}

export interface OptionSpec {
    /** One sentence for `--help`: what the option does, its valid values and default. */
    description: string;
    /** The value's placeholder (`file`, `n`): the option takes a value. Absent: a switch. */
    value?: string;
    /** May be given more than once (values collected in order). */
    repeat?: boolean;
    /** Must be given. */
    required?: boolean;
}

export interface ArgumentSpec {
    name: string;
    description: string;
    /** Defaults to false: the command itself says what is missing. */
    required?: boolean;
}

/** What a command's run receives: options by their long name, then the positional arguments. */
export interface Parsed {
    flags: Record<string, string | boolean | string[] | undefined>;
    positionals: string[];
    /** The output is a person at a terminal (progress bars are welcome). */
    interactive?: boolean;
}

export type Printer = (line: string) => void;

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

function declare(parent: Command, spec: CommandSpec, path: string, ctx: Context): void {
    const { done, out, err } = ctx;
    const cmd = parent.command(spec.name).description(spec.summary);
    for (const a of spec.arguments ?? []) cmd.argument(a.required ? `<${a.name}>` : `[${a.name}]`, a.description);
    for (const [flag, o] of Object.entries(spec.options ?? {})) {
        const option = new Option(o.value ? `--${flag} <${o.value}>` : `--${flag}`, o.description);
        if (o.value) option.argParser((o.repeat ? collect : once(flag)) as (value: string, previous: unknown) => unknown);
        if (o.required) option.makeOptionMandatory();
        cmd.addOption(option);
    }
    if (spec.details) cmd.addHelpText("after", `\n${spec.details}`);
    settings(cmd, out, err, ctx.interactive);
    for (const sub of spec.subcommands ?? []) declare(cmd, sub, `${path} ${spec.name}`, ctx);
    if (spec.run) {
        const run = spec.run;
        cmd.action(async (...args: unknown[]) => {
            const self = args[args.length - 1] as Command;
            const flags: Parsed["flags"] = {};
            for (const option of self.options) flags[option.long!.slice(2)] = self.getOptionValue(option.attributeName());
            const positionals = self.args.filter((a) => a !== undefined);
            done(await run({ flags, positionals, interactive: ctx.interactive }, out, err));
        });
    }
}

function settings(cmd: Command, out: Printer, err: Printer, interactive: boolean): void {
    // Help wraps to the terminal's width; anywhere else (files, tests, the README) at a fixed 100.
    const width = () => (interactive && process.stdout.columns) || 100;
    cmd.exitOverride()
        .showSuggestionAfterError(true)
        .configureOutput({
            writeOut: (s) => out(s.replace(/\n$/, "")), writeErr: (s) => err(s.replace(/\n$/, "")), outputError: () => undefined,
            getOutHelpWidth: width, getErrHelpWidth: width,
        })
        .helpOption("-h, --help", "show this help and exit");
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

/** The command path the arguments name (`dataplane fleet preview`), for error messages. */
function pathOf(root: Command, argv: string[]): string {
    let cmd = root;
    let path = root.name();
    for (const a of argv) {
        const sub = cmd.commands.find((c) => c.name() === a);
        if (!sub) break;
        cmd = sub;
        path = `${path} ${a}`;
    }
    return path;
}
