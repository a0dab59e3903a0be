/**
 * Tag conditions that constrain nothing. A tag guard (the launch role's: job runs start with the
 * launcher's tags only) binds only when its operators bind. From the IAM User Guide:
 *
 * - "Single-valued vs. multivalued context keys": `aws:TagKeys` is multivalued and "requires a
 *   condition set operator"; `aws:RequestTag/<key>` and `aws:ResourceTag/<key>` are single-valued,
 *   and a set operator on them "can lead to overly permissive policies";
 * - "Condition operators" / "Multivalued context key examples": `ForAllValues` "also returns true if
 *   there are no context keys in the request" (so it needs a companion: a `Null` false check, or a
 *   condition that requires a tag); `ForAnyValue` is true when one value matches, so on `aws:TagKeys`
 *   it admits any other keys beside it;
 * - `…IfExists`: "If the policy key is present in the context of the request, process the key as
 *   specified in the policy. If the key is not present, evaluate the condition element as true";
 * - a `…Like` value of `*` matches any value: it requires only that the tag is there.
 *
 * Judged in Allow statements only (in a Deny the same shapes deny more, which is stricter).
 */
import { ConditionEntry, ParsedStatement, allows } from "../model/documents";
import { documentRule } from "../model/rule";

/** Tag condition keys, lower-cased (conditions are stored so): global and service-specific (`ec2:ResourceTag/…`). */
const TAG_KEYS = /^[a-z0-9-]+:(requesttag|resourcetag|principaltag)\/.+$|^[a-z0-9-]+:tagkeys$/;
const isTagKeys = (key: string) => /:tagkeys$/.test(key);
const isNegated = (operator: string) => /Not|^Null$/.test(operator.replace(/^For(AllValues|AnyValue):/, ""));
const isSetOperator = (operator: string) => /^For(AllValues|AnyValue):/.test(operator);
const isIfExists = (operator: string) => /IfExists$/.test(operator);
const isWildcardOnly = (v: string) => /^[*?]*\*[*?]*$/.test(v);

/** Whether `entry`'s key is also required to be present: a `Null` false on it, or a positive condition without IfExists. */
function companion(s: ParsedStatement, entry: ConditionEntry): boolean {
    return s.conditions.some((c) => c !== entry && c.key === entry.key
        && ((c.operator === "Null" && c.values.includes("false")) || (!isIfExists(c.operator) && !isNegated(c.operator) && !/^ForAllValues:/.test(c.operator))));
}

/** Whether the statement requires at least one request tag to be present (so an empty aws:TagKeys cannot pass). */
function requiresSomeTag(s: ParsedStatement): boolean {
    return s.conditions.some((c) => (/:requesttag\//.test(c.key) && !isIfExists(c.operator) && !isNegated(c.operator) && !isSetOperator(c.operator))
        || (c.operator === "Null" && c.values.includes("false") && (/:requesttag\//.test(c.key) || isTagKeys(c.key))));
}

/** What keeps a statement's tag conditions from binding (empty when they bind). */
export function unboundTagConditions(s: ParsedStatement): string[] {
    const out: string[] = [];
    for (const c of s.conditions) {
        if (!TAG_KEYS.test(c.key) || isNegated(c.operator) || c.operator === "Null") continue;
        const where = `${s.label}: ${c.operator} on ${c.key}`;
        if (/Like/.test(c.operator) && c.values.some(isWildcardOnly)) {
            out.push(`${where} is matched by ${JSON.stringify(c.values.find(isWildcardOnly))}, which any value matches: it constrains nothing but the tag being there; name the value (StringEquals)`);
        }
        if (isTagKeys(c.key)) {
            if (!isSetOperator(c.operator)) out.push(`${where}: aws:TagKeys holds every key of the request, and a single-valued operator does not say how each is judged; use ForAllValues:StringEquals (only these keys) with a condition that requires the tags`);
            else if (/^ForAnyValue:/.test(c.operator)) out.push(`${where} admits a request carrying any other tag keys as long as one listed key is there; use ForAllValues:StringEquals (only these keys) with a condition that requires the tags`);
            else if (!requiresSomeTag(s)) out.push(`${where} is also true for a request with no tags at all (ForAllValues on an empty set); add a companion: {"Null": {"aws:TagKeys": "false"}} or a StringEquals on aws:RequestTag/<key>`);
        } else if (isSetOperator(c.operator)) {
            out.push(`${where}: a set operator on a single-valued tag key can admit a request without the tag; use ${c.operator.replace(/^For(AllValues|AnyValue):/, "")}`);
        }
        if (isIfExists(c.operator) && !companion(s, c)) {
            out.push(`${where} is true when the request (or resource) has no such tag; drop IfExists, or add {"Null": {"${c.key}": "false"}}`);
        }
    }
    return out;
}

export const tagConditionsBind = documentRule({
    name: "tag-conditions-bind",
    description: "Every tag condition of an Allow (aws:RequestTag/…, aws:ResourceTag/…, aws:PrincipalTag/…, aws:TagKeys, and a " +
        "service's own tag keys) constrains what it seems to: no `…Like` value that matches anything (`*`); aws:TagKeys judged with " +
        "ForAllValues (ForAnyValue admits extra keys; a single-valued operator judges no key set) and with a companion that requires " +
        "tags (ForAllValues is true for a request with none); no set operator on a single-valued tag key; no `…IfExists` without a " +
        "companion that requires the key (it passes when the tag is absent). A launch role's tag guard must bind: StringEquals on " +
        "aws:RequestTag/<key> with ForAllValues:StringEquals on aws:TagKeys passes.",
    remediation: "Match tags with StringEquals on aws:RequestTag/<key> (or ResourceTag), limit keys with ForAllValues:StringEquals on aws:TagKeys beside a condition that requires a tag, and drop IfExists (or add a Null false check).",
    kinds: ["identity", "trust", "bucket", "key", "accessPoint", "resource"],
    check: (document) => allows(document).flatMap(unboundTagConditions),
});
