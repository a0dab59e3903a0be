/**
 * Names the components, the policy pack and the launcher share: the service principals of the
 * plane's roles, the launch catalog's root in Parameter Store and the kind of its profiles.
 */

import { DNS_SUFFIXES, REGION_SHAPE } from "./partitions";
import { escapeRegExp } from "./patterns";

/** Service principals of the plane's roles. */
export const SERVICE = {
    emrServerless: "emr-serverless.amazonaws.com",
    emrServerlessOps: "ops.emr-serverless.amazonaws.com",
} as const;

/** Service principals of a guarded launcher's roles. */
export const LAUNCHER_SERVICE = {
    stepFunctions: "states.amazonaws.com",
    lambda: "lambda.amazonaws.com",
    secretsManager: "secretsmanager",
} as const;

/** Root of the launch catalog in Parameter Store: profiles and configurations live under it. */
export const CATALOG_ROOT = "/emr-dataplane";

/** The `kind` of a launch profile parameter's JSON value. */
export const LAUNCH_PROFILE_KIND = "emr-dataplane/launch-profile";

/** The data-plane config key that puts a permissions boundary on the plane's roles: the onboarding boundary its deployer role requires. */
export const ROLE_BOUNDARY_CONFIG_KEY = "emr-dataplane:rolePermissionsBoundaryArn";

/** Name prefix of the private planes' launch roles (`<prefix>-<customer>`), the only roles a name pattern may cover for sts:AssumeRole. */
export const LAUNCH_ROLE_PREFIX = "emr-dataplane-launch";

/** `<service>[.<region>].<a partition's DNS suffix>`, the service being group 1. */
const SERVICE_PRINCIPAL = new RegExp(`^([a-z0-9.-]+?)(?:\\.(?:${REGION_SHAPE}))?\\.(?:${DNS_SUFFIXES.map(escapeRegExp).join("|")})$`);

/**
 * One service principal in every spelling AWS accepts: `emr-serverless.amazonaws.com`, its
 * regional form (`emr-serverless.us-east-1.amazonaws.com`), another partition's DNS suffix
 * (China's `.amazonaws.com.cn`), any case. Returns the service's short name (`emr-serverless`), or
 * the text lower-cased when it is none of these.
 */
export function serviceName(principal: string): string {
    const p = principal.toLowerCase();
    return SERVICE_PRINCIPAL.exec(p)?.[1] ?? p;
}
