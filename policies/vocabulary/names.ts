/**
 * The names the pack shares with the components (service principals, the launch profile's kind), kept here so that the pack folder loads on its own
 * (`pulumi policy publish` uploads this folder only). test/policies/shipping.spec.ts fails when a
 * value here differs from the components' (components/iam, components/guardedLaunch).
 */

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

/** The `kind` of a launch profile parameter's JSON value. */
export const LAUNCH_PROFILE_KIND = "emr-dataplane/launch-profile";
