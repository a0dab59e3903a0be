/**
 * A deterministic, AWS-like `pulumi.runtime.Mocks`: resources get real-looking ids and ARNs
 * (`subnet-0…`, `arn:aws:iam::<account>:role/<name>`), auto-named resources get Pulumi-style
 * names, and provider look-ups (identity, region, AZs, subnets, route tables, endpoints,
 * buckets, roles) are answered from a {@link World}. The same program and world always give
 * the same plan.
 *
 * The handlers live beside it: mockContext.ts (the ids, names and ARNs a handler makes, and the
 * errors a look-up fails with), mockResources.ts (resource types) and mockCalls.ts (look-ups).
 */
import * as pulumi from "@pulumi/pulumi";
import * as recorded from "../recorded";
import { partitionOf } from "../../vocabulary/arn";
import { CALLS } from "./mockCalls";
import { Context, Made, OfflineLookupError, mockContext } from "./mockContext";
import { RESOURCES, genericResource } from "./mockResources";
import { World, WorldStack } from "./world";

export { OfflineLookupError } from "./mockContext";

export class AwsLikeMocks implements pulumi.runtime.Mocks {
    private readonly partition: string;

    constructor(private readonly world: World, private readonly stack: string) {
        this.partition = partitionOf(world.region);
    }

    newResource(args: pulumi.runtime.MockResourceArgs): Made {
        if (args.type === STACK_REFERENCE) return readStackReference(this.world, String(args.id ?? args.inputs?.name ?? args.name));
        const make = RESOURCES[args.type] ?? genericResource;
        const made = make(args.inputs ?? {}, this.context(args));
        return { id: made.id, state: { ...args.inputs, ...made.state } };
    }

    call(args: pulumi.runtime.MockCallArgs): Record<string, unknown> {
        const answer = CALLS[args.token];
        if (!answer) throw new OfflineLookupError(`the offline engine cannot answer the provider look-up ${args.token}`);
        return answer(args.inputs ?? {}, this.context({ type: args.token, name: args.token, inputs: args.inputs }));
    }

    private context(args: { type: string; name: string; inputs: unknown }): Context {
        return mockContext(this.world, this.stack, this.partition, args);
    }
}

const STACK_REFERENCE = "pulumi:pulumi:StackReference";

/**
 * A `StackReference` read, answered as the Pulumi engine does: the stack's outputs (secrets kept
 * where they are) and the names of the outputs that contain a secret. An unknown stack fails.
 */
function readStackReference(world: World, name: string): Made {
    const stack: WorldStack | undefined = world.stacks?.[name];
    if (!stack) {
        const known = Object.keys(world.stacks ?? {});
        if (world.stacks === undefined) {
            throw new OfflineLookupError(`stack ${name} is read through a StackReference, and no offline world file says what it holds: ` +
                `preview with --world <file> listing it under stacks: (see stacks/controlplane/offline-world.yaml)`);
        }
        throw new OfflineLookupError(`stack ${name} does not exist in the offline world (add it under stacks: in the world file` +
            `${known.length ? `; known stacks: ${known.join(", ")}` : ""})`);
    }
    const secretOutputNames = stack.secretOutputNames ?? Object.keys(stack.outputs).filter((k) => containsSecret(stack.outputs[k]));
    return { id: name, state: { name, outputs: stack.outputs, secretOutputNames } };
}

function containsSecret(value: unknown): boolean {
    if (recorded.isSecretValue(value)) return true;
    if (value && typeof value === "object") return Object.values(value).some(containsSecret);
    return false;
}

/** Resource types and look-ups the engine answers specifically (everything else gets generic ids). */
export const SUPPORTED = { resources: Object.keys(RESOURCES), calls: Object.keys(CALLS) };
