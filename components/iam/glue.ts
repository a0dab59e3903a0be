/**
 * Grants on the Glue Data Catalog for the job runtime role, opt-in and per database. Least privilege
 * from the Service Authorization Reference ("Actions, resources, and condition keys for AWS Glue"):
 * database actions require the `database` and `rootcatalog` resources, table and partition actions
 * the `table`, `database` and `rootcatalog` ones, function actions `userdefinedfunction`, `database` and
 * `rootcatalog` — as the Glue Developer Guide puts it ("Specifying AWS Glue resource ARNs"): "All
 * operations performed on a Data Catalog resource require permission on the resource and all the
 * ancestors of that resource." So each statement names the catalog, the databases, their tables
 * (`table/<db>/*`) and functions; the write statement only the read-write databases', so no write can
 * reach a table of a read-only database (its `table/<db>/…` ARN is in no write statement).
 */
import { PolicyDocument, Statement, policy } from "./document";
import { Scope } from "../../vocabulary/arn";

/** Reading databases, tables, their versions and partitions, and functions. */
export const GLUE_READ_ACTIONS = [
    "glue:GetDatabase", "glue:GetDatabases", "glue:GetTable", "glue:GetTables", "glue:GetTableVersion", "glue:GetTableVersions",
    "glue:GetPartition", "glue:GetPartitions", "glue:BatchGetPartition", "glue:GetUserDefinedFunction", "glue:GetUserDefinedFunctions",
] as const;

/** Writing tables and partitions (not databases: creating or deleting one is the catalog owner's). */
export const GLUE_WRITE_ACTIONS = [
    "glue:CreateTable", "glue:UpdateTable", "glue:DeleteTable", "glue:BatchDeleteTable", "glue:DeleteTableVersion", "glue:BatchDeleteTableVersion",
    "glue:CreatePartition", "glue:BatchCreatePartition", "glue:UpdatePartition", "glue:BatchUpdatePartition", "glue:DeletePartition", "glue:BatchDeletePartition",
] as const;

/** The Data Catalog ARNs of this account and region (resource types of the Service Authorization Reference for AWS Glue). */
export const glueArn = {
    catalog: (s: Scope) => `arn:${s.partition}:glue:${s.region}:${s.accountId}:catalog`,
    database: (s: Scope, db: string) => `arn:${s.partition}:glue:${s.region}:${s.accountId}:database/${db}`,
    table: (s: Scope, db: string, table: string) => `arn:${s.partition}:glue:${s.region}:${s.accountId}:table/${db}/${table}`,
    userDefinedFunction: (s: Scope, db: string, fn: string) => `arn:${s.partition}:glue:${s.region}:${s.accountId}:userDefinedFunction/${db}/${fn}`,
};

export interface GlueCatalogGrantInput {
    scope: Scope;
    /** Databases the jobs read (tables, partitions, functions). */
    readOnlyDatabases: string[];
    /** Databases whose tables and partitions the jobs also create, change and delete. */
    readWriteDatabases: string[];
}

function resourcesOf(s: Scope, databases: string[], functions: boolean): string[] {
    return [glueArn.catalog(s), ...databases.flatMap((db) => [glueArn.database(s, db), glueArn.table(s, db, "*"), ...(functions ? [glueArn.userDefinedFunction(s, db, "*")] : [])])];
}

/** The runtime role's Glue grant; `undefined` when no database is named (nothing by default). */
export function glueCatalogPolicy(input: GlueCatalogGrantInput): PolicyDocument | undefined {
    const all = [...input.readOnlyDatabases, ...input.readWriteDatabases];
    if (all.length === 0) return undefined;
    const statements: Statement[] = [{ Sid: "ReadGlueDatabases", Effect: "Allow", Action: [...GLUE_READ_ACTIONS], Resource: resourcesOf(input.scope, all, true) }];
    if (input.readWriteDatabases.length > 0) {
        statements.push({ Sid: "WriteGlueTables", Effect: "Allow", Action: [...GLUE_WRITE_ACTIONS], Resource: resourcesOf(input.scope, input.readWriteDatabases, false) });
    }
    return policy(...statements);
}
