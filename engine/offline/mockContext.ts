/**
 * What the offline engine's handlers share (see awsMocks.ts): the context a resource or look-up is
 * answered in, with its deterministic ids, names and ARNs, and the errors a look-up fails with.
 */
import { UserError } from "../../vocabulary/userError";
import { World, hexOf } from "./world";

export type State = Record<string, unknown>;
export interface Made { id: string; state: State }
export type Inputs = Record<string, any>;

/** A look-up the offline world cannot answer: the world file must say more (bad input, not a bug). */
export class OfflineLookupError extends UserError {
    /** Where the SDK reads a failed invoke's message from (a provider's gRPC error details). */
    public readonly details: string;
    constructor(message: string) {
        super(message);
        this.details = message;
    }
}

export interface Context {
    world: World;
    accountId: string;
    region: string;
    partition: string;
    name: string;
    type: string;
    hex(n: number, salt?: string): string;
    /** A 17-hex-digit EC2-style id suffix (`0` then 16 hex digits). */
    ec2(salt?: string): string;
    autoname(max?: number): string;
    arn(service: string, resource: string, opts?: { region?: boolean; account?: boolean }): string;
}

/** The context of one resource or look-up: its world and scope, and its deterministic ids, names and ARNs (seeded by stack, type and name). */
export function mockContext(world: World, stack: string, partition: string, args: { type: string; name: string }): Context {
    const { accountId, region } = world;
    const seed = `${stack}/${args.type}/${args.name}`;
    return {
        world, accountId, region, partition, name: args.name, type: args.type,
        hex: (n: number, salt = "") => hexOf(seed + salt, n),
        ec2: (salt = "") => `0${hexOf(seed + salt, 16)}`,
        autoname: (max = 255) => `${args.name}-${hexOf(seed + "name", 7)}`.slice(0, max),
        arn: (service: string, resource: string, opts: { region?: boolean; account?: boolean } = {}) =>
            `arn:${partition}:${service}:${opts.region === false ? "" : region}:${opts.account === false ? "" : accountId}:${resource}`,
    };
}

export function uuid(c: Context, salt = ""): string {
    const h = c.hex(32, salt);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function randomText(c: Context, length: number, alphabet: string): string {
    const hex = c.hex(length * 4, "random");
    let out = "";
    for (let i = 0; i < length; i++) out += alphabet[parseInt(hex.slice(i * 4, i * 4 + 4), 16) % alphabet.length];
    return out;
}

export const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** A look-up failing the way the provider fails it (not a gap in the world file). */
export class ProviderError extends Error {
    public readonly details: string;
    constructor(message: string) {
        super(message);
        this.details = message;
    }
}

export function notFound(what: string): never {
    throw new OfflineLookupError(`${what} does not exist in the offline world (add it to the world file)`);
}
