/**
 * The policy pack's rules, one file per rule group in this folder, listed here in the order the
 * rule table (docs/reference/policies.md) lists them. A new rule file adds its rules here (one
 * import, one spread); everything else — the pack, `dataplane check`, the offline preview, the rule
 * table — takes the list from here, through the pack's face (../pack.ts). What the rules share
 * lives in ../model/.
 */
import { foreignAccountsTrusted } from "./accounts";
import { bucketAclOneSource, s3AclNotPublic } from "./acl";
import { noPrivilegeEscalation, runtimeRoleNotCatalogWriter } from "./escalation";
import { ACCESS_POINT_RULES } from "./accessPoints";
import { launchRoleCannotChangePlaneApplication } from "./applications";
import { GUARDED_LAUNCH_POLICIES } from "./guardedLaunch";
import { eniOnlyViaEmrServerless, iamPassRoleScoped, kmsGrantsScoped, resourceActionsNotOnStar, s3GrantsScoped, stsAssumeRoleScoped } from "./grants";
import { iamActionsExist, iamDocumentCheckable, iamDocumentValid, iamNoAdminGrants } from "./iam";
import { ingressNotInternetCombined, noPublicIngress } from "./network";
import { launchPassRoleIsRuntimeRole, runtimeRoleTrustedOnlyByEmrServerless } from "./roles";
import { Rule } from "../model/rule";
import { SECRET_RULES } from "./secrets";
import { adoptedBucketHardeningUnverified, kmsKeyAdminOwnAccount, resourceBucketHardened, s3PublicAccessBlockComplete } from "./storage";
import { crossAccountTrustExternalId, runtimeRoleTrust } from "./trust";
import { TENANT_POLICIES } from "./tenants";
import { federatedTrustBound } from "./federatedTrust";
import { ingressNotPublicRange } from "./publicRanges";
import { jobConfigNoPlaintextCredentials } from "./jobCredentials";
import { jobSubnetRoutesEgressOnly } from "./routes";
import { resourcePolicyPrincipalsBound } from "./servicePrincipals";
import { tagConditionsBind } from "./tagConditions";

/** The pack's name, as `pulumi preview --policy-pack` reports it. */
export const PACK_NAME = "emr-dataplane";

export const POLICIES: Rule[] = [
    iamDocumentValid,
    iamDocumentCheckable,
    iamActionsExist,
    iamNoAdminGrants,
    iamPassRoleScoped,
    s3GrantsScoped,
    kmsGrantsScoped,
    stsAssumeRoleScoped,
    eniOnlyViaEmrServerless,
    resourceActionsNotOnStar,
    runtimeRoleTrust,
    crossAccountTrustExternalId,
    federatedTrustBound,
    tagConditionsBind,
    runtimeRoleTrustedOnlyByEmrServerless,
    launchPassRoleIsRuntimeRole,
    launchRoleCannotChangePlaneApplication,
    s3PublicAccessBlockComplete,
    resourceBucketHardened,
    adoptedBucketHardeningUnverified,
    kmsKeyAdminOwnAccount,
    foreignAccountsTrusted,
    resourcePolicyPrincipalsBound,
    noPublicIngress,
    ingressNotInternetCombined,
    ingressNotPublicRange,
    jobSubnetRoutesEgressOnly,
    s3AclNotPublic,
    bucketAclOneSource,
    noPrivilegeEscalation,
    runtimeRoleNotCatalogWriter,
    ...ACCESS_POINT_RULES,
    ...GUARDED_LAUNCH_POLICIES,
    ...SECRET_RULES,
    ...TENANT_POLICIES,
    jobConfigNoPlaintextCredentials,
];
