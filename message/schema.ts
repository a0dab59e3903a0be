/**
 * The control-plane message's JSON Schema, built from the vocabulary's patterns: `npm run docs`
 * writes it to control-plane-message.schema.json (the file the package ships and message/index.ts
 * loads) and compiles the validator from it (tools/messageValidator.ts); a test fails while the file
 * differs from this. The region is checked by shape (a region of a known partition, listed or newer
 * than the package's data): a stack that allowed an unlisted region still produces a valid message.
 */
import { POLICY_ARN_PATTERN, ROLE_ARN_PATTERN } from "../vocabulary/arn";
import { EXECUTION_POLICY_LIMITS, TENANT_ID_PATTERN } from "../vocabulary/tenants";
import { REGION_SHAPE_PATTERN } from "../vocabulary/partitions";
import { APPLICATION_ID_PATTERN } from "../vocabulary/emrServerless";
import { BUCKET_NAME_PATTERN, EXTERNAL_ID_PATTERN, SECURITY_GROUP_ID_PATTERN, SUBNET_ID_PATTERN } from "../vocabulary/patterns";

export function controlPlaneMessageSchema() {
    return {
        $schema: "http://json-schema.org/draft-07/schema#",
        $id: "https://github.com/emr-serverless-dataplane/emr-serverless-dataplane/message/control-plane-message.schema.json",
        title: "Control-plane message",
        description: "What a data plane tells the control plane: where its jobs log, which network and roles they use, and (private plane only) how to reach its launch role. Exported by the data-plane stack as `controlPlaneMessage`.",
        type: "object",
        additionalProperties: false,
        required: ["resourceBucket", "subnetIds", "securityGroups", "region", "jobRuntimeRoleArn"],
        properties: {
            resourceBucket: {
                description: "Name of the S3 bucket for job logs (logs/) and staged files (staging/).",
                type: "string",
                pattern: BUCKET_NAME_PATTERN.source,
            },
            subnetIds: {
                description: "Private subnets in at least two availability zones, for the applications' network configuration.",
                type: "array",
                minItems: 2,
                uniqueItems: true,
                items: { type: "string", pattern: SUBNET_ID_PATTERN.source },
            },
            securityGroups: {
                description: "Security groups for the applications' network configuration.",
                type: "array",
                minItems: 1,
                uniqueItems: true,
                items: { type: "string", pattern: SECURITY_GROUP_ID_PATTERN.source },
            },
            region: {
                description: "AWS region of the data plane.",
                type: "string",
                pattern: REGION_SHAPE_PATTERN,
            },
            jobRuntimeRoleArn: {
                description: "ARN of the role EMR Serverless job runs execute as.",
                type: "string",
                pattern: ROLE_ARN_PATTERN,
            },
            jobLaunchArn: {
                description: "Private plane only: ARN of the cross-account launch role the control plane assumes.",
                type: "string",
                pattern: ROLE_ARN_PATTERN,
            },
            externalId: {
                description: "Private plane only: the ExternalId to send when assuming jobLaunchArn (a secret).",
                type: "string",
                pattern: EXTERNAL_ID_PATTERN.source,
            },
            applicationId: {
                description: "When the plane owns its EMR Serverless application (the default): its id. The control plane starts job runs on it, and its launch role may not create, update or delete applications. Absent: the launcher creates its applications (a message from before this key, or applicationMode launcher).",
                type: "string",
                pattern: APPLICATION_ID_PATTERN.source,
            },
            tenants: {
                description: "Shared plane with tenants: each tenant's id and the execution IAM policy every job run of the tenant must be started with (StartJobRun `executionIamPolicy`, intersected with the runtime role). Absent: a plane without tenants.",
                type: "array",
                minItems: 1,
                items: {
                    type: "object",
                    additionalProperties: false,
                    required: ["id", "executionIamPolicy"],
                    properties: {
                        id: { description: "The tenant's id: its files are under staging/tenants/<id>/, output/tenants/<id>/ and logs/tenants/<id>/.", type: "string", pattern: TENANT_ID_PATTERN.source },
                        executionIamPolicy: {
                            description: "StartJobRun's executionIamPolicy for the tenant: the minified policy, or the ARN of the tenant's managed policy in the plane's account.",
                            type: "object",
                            additionalProperties: false,
                            minProperties: 1,
                            properties: {
                                // The length is bounded by the pattern (every character allowed is one UTF-16 unit), not maxLength,
                                // whose compiled check would load Ajv's runtime in every process that validates a message.
                                policy: { type: "string", pattern: `^[\\u0020-\\u00ff]{1,${EXECUTION_POLICY_LIMITS.maxChars}}$` },
                                policyArns: { type: "array", minItems: 1, maxItems: EXECUTION_POLICY_LIMITS.maxPolicyArns, items: { type: "string", pattern: POLICY_ARN_PATTERN } },
                            },
                        },
                    },
                },
            },
        },
        dependencies: {
            jobLaunchArn: ["externalId"],
            externalId: ["jobLaunchArn"],
        },
    };
}

/** The schema file's text, as `npm run docs` writes it. */
export function controlPlaneMessageSchemaJson(): string {
    return JSON.stringify(controlPlaneMessageSchema(), null, 2) + "\n";
}
