/**
 * Checks of Amazon States Language definitions for the tests: the transition graph (written here,
 * independently of the code that builds definitions) and the `asl-validator` package's schema and
 * path checks.
 */
// eslint-disable-next-line @typescript-eslint/no-var-requires
const aslValidator: (definition: unknown, opts?: unknown) => { isValid: boolean; errorsText: (sep?: string) => string } = require("asl-validator");

type AnyState = Record<string, any>;
export interface Definition { StartAt: string; States: Record<string, AnyState> }

const TERMINAL = ["Succeed", "Fail"];
const WITH_NEXT_OR_END = ["Task", "Pass", "Wait", "Parallel", "Map"];

/** Every way a state can continue: Next, Default, Choices[].Next, Catch[].Next. */
export function transitionsOf(state: AnyState): string[] {
    const out: string[] = [];
    if (typeof state.Next === "string") out.push(state.Next);
    if (typeof state.Default === "string") out.push(state.Default);
    for (const choice of state.Choices ?? []) out.push(choice.Next);
    for (const c of state.Catch ?? []) out.push(c.Next);
    return out;
}

/**
 * Problems with a definition's transitions: StartAt and every target must exist; Task/Pass/Wait
 * states need exactly one of Next and End; Choice states need Choices, each with a Next, and no
 * End; Succeed and Fail states end the execution and have no Next; every state must be reachable.
 */
export function transitionProblems(def: Definition): string[] {
    const problems: string[] = [];
    const names = new Set(Object.keys(def.States ?? {}));
    if (!names.has(def.StartAt)) problems.push(`StartAt ${JSON.stringify(def.StartAt)} is not a state`);
    for (const [name, state] of Object.entries(def.States ?? {})) {
        const type = state.Type;
        if (WITH_NEXT_OR_END.includes(type)) {
            if ((state.Next === undefined) === (state.End !== true)) problems.push(`${name}: a ${type} state needs exactly one of Next and End: true`);
        } else if (type === "Choice") {
            if (!Array.isArray(state.Choices) || state.Choices.length === 0) problems.push(`${name}: a Choice state needs Choices`);
            for (const [i, c] of (state.Choices ?? []).entries()) if (typeof c.Next !== "string") problems.push(`${name}: Choices[${i}] has no Next`);
            if (state.Next !== undefined || state.End !== undefined) problems.push(`${name}: a Choice state has neither Next nor End`);
        } else if (TERMINAL.includes(type)) {
            if (state.Next !== undefined || state.End !== undefined) problems.push(`${name}: a ${type} state ends the execution and takes no Next or End`);
        } else {
            problems.push(`${name}: unknown state type ${JSON.stringify(type)}`);
        }
        for (const target of transitionsOf(state)) {
            if (!names.has(target)) problems.push(`${name}: goes to ${JSON.stringify(target)}, which is not a state`);
        }
    }
    const reached = new Set<string>();
    const queue = names.has(def.StartAt) ? [def.StartAt] : [];
    while (queue.length > 0) {
        const name = queue.pop()!;
        if (reached.has(name)) continue;
        reached.add(name);
        queue.push(...transitionsOf(def.States[name]).filter((t) => names.has(t)));
    }
    for (const name of names) if (!reached.has(name)) problems.push(`${name}: is not reachable from StartAt`);
    return problems;
}

/** The `asl-validator` package's verdict (JSON schema of every state type, JSONPath and intrinsic syntax). */
export function aslValidatorErrors(def: unknown): string[] {
    const { isValid, errorsText } = aslValidator(def);
    return isValid ? [] : errorsText("\n").split("\n");
}

/** Every string value in a JSON document, with the key that holds it. */
export function stringsIn(value: unknown, key = ""): { key: string; value: string }[] {
    if (typeof value === "string") return [{ key, value }];
    if (Array.isArray(value)) return value.flatMap((v) => stringsIn(v, key));
    if (value && typeof value === "object") return Object.entries(value).flatMap(([k, v]) => [...stringsIn(k, "<key>"), ...stringsIn(v, k)]);
    return [];
}
