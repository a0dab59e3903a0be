/**
 * Test helpers over the offline engine: run a program (or a few components) under the
 * AWS-like mocks and query what it registered.
 */
import * as pulumi from "@pulumi/pulumi";
import { PolicyDocument } from "../../components/iam";
import { RegisteredResource, registeredBeforeFailure, revealOrMask, runOffline } from "../../engine/offline/run";
import { World } from "../../engine/offline/world";

export const ACCOUNT = "444455556666";
export const REGION = "eu-west-1";

export function world(overrides: Partial<World> = {}): World {
    return { accountId: ACCOUNT, region: REGION, subnets: {}, vpcEndpoints: {}, ...overrides };
}

export interface Run<T = unknown> {
    resources: RegisteredResource[];
    exports: T;
    outputs: Record<string, unknown>;
}

/** Runs `program` (which may construct components and return outputs) as a stack named "test". */
export async function run<T>(program: () => T | Promise<T>, opts: { world?: Partial<World>; config?: Record<string, string>; stack?: string } = {}): Promise<Run<T>> {
    const result = await runOffline(async () => program(), {
        project: "test-project",
        stack: opts.stack ?? "test",
        config: opts.config ?? {},
        world: world(opts.world),
    });
    return { resources: result.resources, exports: result.exports as T, outputs: result.outputs };
}

/** Runs `program`, expects it to throw, and returns the error and what was registered before it. */
export async function runFailing(program: () => unknown, opts: { world?: Partial<World>; config?: Record<string, string> } = {}): Promise<{ error: Error; registered: RegisteredResource[] }> {
    try {
        await run(program, opts);
    } catch (error) {
        return { error: error as Error, registered: registeredBeforeFailure(error) ?? [] };
    }
    throw new Error("expected the program to fail, but it succeeded");
}

/** Resolves an Output to its value (also for secrets). */
export function unwrap<T>(output: pulumi.Input<T> | undefined): Promise<T> {
    return new Promise((resolve) => pulumi.output(output as pulumi.Input<T>).apply((v) => {
        resolve(v as T);
        return v;
    }));
}

export function ofType(resources: RegisteredResource[], type: string): RegisteredResource[] {
    return resources.filter((r) => r.type === type);
}

/** The one resource of `type` (and `name`, when given); fails the test when there are none or several. */
export function one(resources: RegisteredResource[], type: string, name?: string): RegisteredResource {
    const found = resources.filter((r) => r.type === type && (name === undefined || r.name === name));
    if (found.length !== 1) {
        throw new Error(`expected one ${type}${name ? ` named ${name}` : ""}, found ${found.length}: ${found.map((r) => r.name).join(", ")}`);
    }
    return found[0];
}

/** An input with secrets revealed. */
export function input(resource: RegisteredResource, key: string): any {
    return revealOrMask(resource.inputs[key]);
}

/** A policy-document input (JSON string) parsed. */
export function documentOf(resource: RegisteredResource, key = "policy"): PolicyDocument {
    const raw = input(resource, key);
    return typeof raw === "string" ? JSON.parse(raw) : raw;
}

export function statement(doc: PolicyDocument, sid: string) {
    const found = doc.Statement.find((s) => s.Sid === sid);
    if (!found) throw new Error(`no statement ${sid} in ${JSON.stringify(doc)}`);
    return found;
}

/** Names of the registered children of the resource with URN `parent`. */
export function childrenOf(resources: RegisteredResource[], parent: string): RegisteredResource[] {
    return resources.filter((r) => r.parent === parent);
}

export function asList<T>(v: T | T[] | undefined): T[] {
    return v === undefined ? [] : Array.isArray(v) ? v : [v];
}
