/**
 * Every stack config key of the data-source project (`stacks/datasource/Pulumi.yaml`), in one
 * table: its type, the component field it feeds, which side uses it and what it means. The reader
 * (`config.ts`), the project's `config:` section and the config reference (`npm run docs`) follow it.
 * Defaults of component fields are the components' own.
 */
import { AccessPointGrantArgs, CrossAccountDataSourceArgs, validateAccessPointGrantArgs, validateCrossAccountDataSourceArgs } from "../../components";
import { ALLOW_UNLISTED_REGION, ConfigKey, ConfigTable } from "../configTable";

export const PROJECT = "emr-datasource";

/** `owner`: the data owner's account (bucket, key, access point). `consumer`: the data plane's account (the grant). */
export const Side = { Owner: "owner", Consumer: "consumer" } as const;
export type Side = (typeof Side)[keyof typeof Side];

/** What the data-source config feeds: the owner side's component and the consumer side's grant. */
export interface DataSourceParts {
    owner: CrossAccountDataSourceArgs;
    consumer: AccessPointGrantArgs;
}

const OWNER = [Side.Owner];
const CONSUMER = [Side.Consumer];

const KEYS: ConfigKey<DataSourceParts>[] = [
    { key: "side", type: "string", required: true,
        description: "`owner` (the data owner's account: bucket, key, access point) or `consumer` (the data plane's account: the runtime role's grant)." },
    { key: "accountId", type: "string",
        description: "The 12-digit account this stack belongs to; the program refuses to run with credentials for another account. Unset: no check." },
    { key: "inputPrefix", type: "string", feeds: ["owner.inputPrefix", "consumer.inputPrefix"],
        description: "Key prefix the consumer roles may read (the job's input), ending with `/`." },
    { key: "outputPrefix", type: "string", feeds: ["owner.outputPrefix", "consumer.outputPrefix"],
        description: "Key prefix the consumer roles may write (the job's output), ending with `/`; must not overlap `inputPrefix`." },
    { key: "consumerRoleArns", type: "array", feeds: "owner.consumerRoleArns", variants: OWNER, required: "owner",
        description: "The data planes' job runtime role ARNs (`jobRuntimeRoleArn` of their `controlPlaneMessage`) that may use the access point; no wildcards. The roles must exist." },
    { key: "accessPointName", type: "string", feeds: "owner.accessPointName", variants: OWNER, required: "owner",
        description: "Name of the access point: 3-50 lowercase letters, digits and hyphens, starting and ending with a letter or digit, not ending in `-s3alias`." },
    { key: "bucketName", type: "string", feeds: "owner.bucketName", variants: OWNER,
        description: "Name of the new data bucket. Unset: a generated name starting with `data-source-bucket-`." },
    { key: "noncurrentVersionRetentionDays", type: "integer", feeds: "owner.noncurrentVersionRetentionDays", variants: OWNER,
        description: "Days after which overwritten or deleted object versions expire (1-3650)." },
    { key: "retainOnDestroy", type: "boolean", feeds: "owner.retainOnDelete", variants: OWNER,
        description: "Keep the bucket, its key and its hardening in AWS on `pulumi destroy` (the access point is always deleted)." },
    { key: "runtimeRoleArn", type: "string", variants: CONSUMER, required: "consumer",
        description: "The data plane's job runtime role (`jobRuntimeRoleArn`), in this stack's account, that gets the grant." },
    { key: "accessPointArn", type: "string", feeds: "consumer.accessPointArn", variants: CONSUMER, required: "consumer",
        description: "The owner's access point ARN (the owner stack's `dataSource.accessPointArn`)." },
    { key: "kmsKeyArn", type: "string", feeds: "consumer.kmsKeyArn", variants: CONSUMER, required: "consumer",
        description: "The owner's bucket key ARN (the owner stack's `dataSource.kmsKeyArn`)." },
    ALLOW_UNLISTED_REGION,
];

/** The data-source project's key table. */
export const DATA_SOURCE_CONFIG: ConfigTable<DataSourceParts> = {
    project: PROJECT,
    variant: { key: "side", values: [Side.Owner, Side.Consumer], noun: (side) => `the ${side} side` },
    keys: KEYS,
    derived: { "consumer.policyName": "accessPointArn" },
    componentDefaults: () => ({
        owner: validateCrossAccountDataSourceArgs({ consumerRoleArns: ["arn:aws:iam::111122223333:role/defaults"], accessPointName: "defaults" }),
        consumer: validateAccessPointGrantArgs({
            accessPointArn: "arn:aws:s3:us-east-1:111122223333:accesspoint/defaults",
            kmsKeyArn: "arn:aws:kms:us-east-1:111122223333:key/defaults",
        }),
    }),
};

/** `emr-datasource:<key>`, the way the key is set and reported. */
export function dataSourceKey(key: string): string {
    return `${PROJECT}:${key}`;
}
