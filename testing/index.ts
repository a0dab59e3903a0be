/**
 * Unit-test programs that use the components, offline, with Pulumi's own mock runtime
 * (`pulumi.runtime.setMocks`) and the package's deterministic AWS-like mocks: ids and ARNs look
 * real, provider look-ups (caller identity, region, AZs, subnets, route tables, endpoints,
 * buckets, roles, StackReferences) are answered from a {@link World}.
 *
 * ```ts
 * import * as pulumi from "@pulumi/pulumi";
 * import { setAwsLikeMocks } from "emr-serverless-dataplane/testing";
 * before(() => setAwsLikeMocks({ accountId: "444455556666", region: "eu-west-1" }));
 * // then import and run the program, and assert on its outputs
 * ```
 */
import * as pulumi from "@pulumi/pulumi";
import { AwsLikeMocks } from "../engine/offline/awsMocks";
import { DEFAULT_ACCOUNT_ID, World } from "../engine/offline/world";

export { AwsLikeMocks, OfflineLookupError } from "../engine/offline/awsMocks";
export { DEFAULT_ACCOUNT_ID } from "../engine/offline/world";
export type { World, WorldStack, WorldSubnet, WorldVpcEndpoint } from "../engine/offline/world";
export { runOffline } from "../engine/offline/run";
export type { OfflineRunOptions, OfflineRunResult, RegisteredResource } from "../engine/offline/run";

/** Where the mocked program runs. */
export interface AwsLikeMocksOptions {
    /** The account the program runs in. Defaults to `123456789012`. */
    accountId?: string;
    /** The region (what `aws.getRegion` answers). Defaults to `us-east-1`. */
    region?: string;
    /** What else exists: subnets, VPC endpoints, buckets, roles, users, other stacks. Defaults to nothing. */
    world?: Partial<World>;
    /** The Pulumi project name. Defaults to `project`. */
    project?: string;
    /** The stack name. Defaults to `stack`. */
    stack?: string;
    /** Run as a preview (`true`) or an update. Defaults to `true`. */
    preview?: boolean;
}

/**
 * Installs the AWS-like mocks with `pulumi.runtime.setMocks` (process-wide; call it in `before`,
 * then load the program) and returns them.
 */
export async function setAwsLikeMocks(opts: AwsLikeMocksOptions = {}): Promise<AwsLikeMocks> {
    const world: World = {
        accountId: opts.accountId ?? DEFAULT_ACCOUNT_ID,
        region: opts.region ?? "us-east-1",
        subnets: {},
        vpcEndpoints: {},
        ...opts.world,
    };
    const stack = opts.stack ?? "stack";
    const mocks = new AwsLikeMocks(world, stack);
    await pulumi.runtime.setMocks(mocks, opts.project ?? "project", stack, opts.preview ?? true);
    return mocks;
}
