/** Valid control-plane messages to start tests from (break one field at a time). */

/** A shared plane's message: no launch role, nothing secret. */
export const SHARED_MESSAGE = {
    resourceBucket: "vendor-emr-logs-111122223333",
    subnetIds: ["subnet-0c1d2e3f4a5b60781", "subnet-0c1d2e3f4a5b60782"],
    securityGroups: ["sg-0123456789abcdef0"],
    region: "us-east-1",
    jobRuntimeRoleArn: "arn:aws:iam::111122223333:role/emr-dataplane-job-runtime",
};

/** A private plane's message: its roles in the customer's account, reached with the ExternalId. */
export const PRIVATE_MESSAGE = {
    ...SHARED_MESSAGE,
    jobRuntimeRoleArn: "arn:aws:iam::444455556666:role/emr-dataplane-job-runtime",
    jobLaunchArn: "arn:aws:iam::444455556666:role/emr-dataplane-launch",
    externalId: "Zq3k9aLm0PqR7sT1uVwX",
};
