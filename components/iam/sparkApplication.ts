/**
 * IAM documents around a plane's own EMR Serverless application (`SparkApplication`): the custom
 * image's ECR repository policy, the CloudWatch Logs key and the runtime role's grant on its log group.
 */
import { PolicyDocument, SERVICE, Statement, policy } from "./document";
import { accountAdministersKeyStatement } from "./bucket";
import { Scope, arn, dnsSuffixOf } from "../../vocabulary/arn";

/** The ARN of a CloudWatch Logs log group (the resource type `log-group`, Service Authorization Reference for CloudWatch Logs). */
export function logGroupArn(s: Scope, logGroupName: string): string {
    return `arn:${s.partition}:logs:${s.region}:${s.accountId}:log-group:${logGroupName}`;
}

/**
 * The ECR repository policy "Customizing an EMR Serverless image" (EMR Serverless User Guide,
 * "Allow EMR Serverless to access the custom image repository") asks for: the service may get,
 * describe and download the image, for this one application only (`aws:SourceArn`).
 */
export function customImageRepositoryPolicy(s: Scope, applicationId: string): PolicyDocument {
    return policy({
        Sid: "EmrServerlessCustomImageSupport",
        Effect: "Allow",
        Principal: { Service: SERVICE.emrServerless },
        Action: ["ecr:BatchGetImage", "ecr:DescribeImages", "ecr:GetDownloadUrlForLayer"],
        Condition: { StringEquals: { "aws:SourceArn": arn.emrApplication(s, applicationId) } },
    });
}

/**
 * Key policy of the key a log group is encrypted with: the account administers it through IAM, and
 * CloudWatch Logs (`logs.<region>.<dns suffix>`) uses it for that log group only — the encryption
 * context `kms:EncryptionContext:aws:logs:arn` is the log group's ARN ("Encrypt log data in
 * CloudWatch Logs using AWS Key Management Service", CloudWatch Logs User Guide).
 */
export function logGroupKeyPolicy(s: Scope, logGroupName: string): PolicyDocument {
    return policy(accountAdministersKeyStatement(s.partition, s.accountId), {
        Sid: "CloudWatchLogsForThisLogGroup",
        Effect: "Allow",
        Principal: { Service: `logs.${s.region}.${dnsSuffixOf(s.region)}` },
        Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
        Resource: "*",
        Condition: { ArnEquals: { "kms:EncryptionContext:aws:logs:arn": logGroupArn(s, logGroupName) } },
    });
}

/**
 * What a writer of the application's log group needs: create streams and put events in it, and
 * list its streams — each on that group only (resource types from the Service Authorization
 * Reference for CloudWatch Logs: CreateLogStream and PutLogEvents on `log-stream`,
 * DescribeLogStreams on `log-group`). Granted to the job runtime role; the user guide's list of the
 * runtime role's CloudWatch permissions ("Logging for EMR Serverless with Amazon CloudWatch") was not
 * readable where this was written: check it when you enable CloudWatch logging.
 */
export function logGroupWriterPolicy(s: Scope, logGroupName: string): PolicyDocument {
    const group = logGroupArn(s, logGroupName);
    const statements: Statement[] = [
        { Sid: "WriteApplicationLogStreams", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: `${group}:log-stream:*` },
        { Sid: "ListApplicationLogStreams", Effect: "Allow", Action: "logs:DescribeLogStreams", Resource: group },
    ];
    return policy(...statements);
}
