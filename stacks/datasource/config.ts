/**
 * Reads the data-source stack config (the table in `configSchema.ts`) into the arguments of
 * `CrossAccountDataSource` (owner side) or `AccessPointGrant` (consumer side). Pure: every bad value
 * is reported, naming its config key, before the program registers anything.
 */
import { CrossAccountDataSourceArgs, validateAccessPointGrantArgs, validateCrossAccountDataSourceArgs } from "../../components";
import { parsePrincipalArn } from "../../vocabulary/arn";
import * as v from "../../components/validation";
import { readConfig } from "../configTable";
import { DATA_SOURCE_CONFIG, Side, dataSourceKey } from "./configSchema";

/** The consumer side: the grant as the component's validation settled it (defaults applied), and the runtime role it goes on. */
export interface ConsumerGrantConfig {
    runtimeRoleArn: string;
    /** The runtime role's account: the grant can only be deployed there. */
    runtimeRoleAccountId: string;
    roleName: string;
    accessPointArn: string;
    kmsKeyArn: string;
    inputPrefix: string;
    outputPrefix: string;
}

export type DataSourceConfig =
    | { side: typeof Side.Owner; accountId?: string; owner: CrossAccountDataSourceArgs }
    | { side: typeof Side.Consumer; accountId?: string; consumer: ConsumerGrantConfig };

/** Reads the data-source config from a raw `namespace:key → string` map. Throws a ValidationError naming the key. */
export function readDataSourceConfig(raw: Record<string, string>): DataSourceConfig {
    const c = readConfig(DATA_SOURCE_CONFIG, raw);
    const side = c.variant as Side;
    const accountId = c.values.accountId === undefined ? undefined : v.accountId(dataSourceKey("accountId"), c.values.accountId);

    if (side === Side.Owner) {
        const owner = c.parts.owner as CrossAccountDataSourceArgs;
        validateCrossAccountDataSourceArgs(owner, c.keyOf("owner"));
        return { side, accountId, owner };
    }

    // The runtime role's ARN is the stack's own key: the grant takes the role's name, and the stack its account.
    const runtimeRoleArn = v.roleArn(dataSourceKey("runtimeRoleArn"), c.values.runtimeRoleArn);
    const runtimeRoleAccountId = parsePrincipalArn(runtimeRoleArn)!.account;
    if (accountId !== undefined && runtimeRoleAccountId !== accountId) {
        throw new v.ValidationError(dataSourceKey("runtimeRoleArn"), `is in account ${runtimeRoleAccountId}, but this stack belongs to account ${accountId}: deploy the grant in the runtime role's account`);
    }
    const { accessPointArn, kmsKeyArn, inputPrefix, outputPrefix } = validateAccessPointGrantArgs(c.parts.consumer ?? {}, c.keyOf("consumer"));
    const roleName = parsePrincipalArn(runtimeRoleArn)!.name;
    return { side, accountId, consumer: { runtimeRoleArn, runtimeRoleAccountId, roleName, accessPointArn, kmsKeyArn, inputPrefix, outputPrefix } };
}
