import { z } from "zod";

/** A JSON Schema node as plain data. */
export type JsonSchema = { [keyword: string]: unknown };

/** What is sent as `response_format` and how the answer is read back. */
export interface StructuredOutputSchema {
  /** The JSON Schema sent to the API. */
  jsonSchema: JsonSchema;
  /** Whether it satisfies strict Structured Outputs (every property required, no open objects, supported keywords). */
  strict: boolean;
  /** The root was not an object, so the answer is `{ "value": … }` and is unwrapped before validation. */
  wrapped: boolean;
  /** The schema as zod describes it (before strict rewriting), used to drop the `null`s strict mode adds. */
  original: JsonSchema;
  /** Why strict mode could not be used, when it could not. */
  warnings: string[];
}

class NotStrictable extends Error {}

// Formats strict mode accepts; others are dropped from the schema sent (zod still checks them on the answer).
const supportedFormats = new Set(["date-time", "time", "date", "duration", "email", "hostname", "ipv4", "ipv6", "uuid"]);
// Keywords strict mode rejects that only narrow the answer: dropped from the schema sent, still checked by zod.
const droppableKeywords = [
  "uniqueItems",
  "contentEncoding",
  "contentMediaType",
  "minProperties",
  "maxProperties",
  "default",
  "examples",
  "$comment",
];
// Keywords that change the shape and cannot be dropped without sending a wrong schema.
const blockingKeywords = [
  "allOf",
  "not",
  "if",
  "then",
  "else",
  "dependentSchemas",
  "dependentRequired",
  "patternProperties",
  "prefixItems",
  "unevaluatedProperties",
];

const isObject = (value: unknown): value is JsonSchema => typeof value === "object" && value !== null && !Array.isArray(value);

function allowsNull(node: JsonSchema): boolean {
  if (node.type === "null" || (Array.isArray(node.type) && node.type.includes("null"))) return true;
  if (Array.isArray(node.anyOf)) return node.anyOf.some((branch) => isObject(branch) && allowsNull(branch));
  if (Array.isArray(node.enum)) return node.enum.includes(null);
  return node.const === null;
}

function strictify(node: unknown, path: string): JsonSchema {
  if (!isObject(node)) throw new NotStrictable(`${path || "the root"} accepts any value`);
  for (const keyword of droppableKeywords) delete node[keyword];
  for (const keyword of blockingKeywords) {
    if (keyword in node) throw new NotStrictable(`${path || "the root"} uses ${keyword}`);
  }
  if (typeof node.format === "string" && !supportedFormats.has(node.format)) delete node.format;
  if (Array.isArray(node.oneOf)) {
    node.anyOf = node.oneOf;
    delete node.oneOf;
  }
  if (isObject(node.$defs))
    for (const [name, definition] of Object.entries(node.$defs)) node.$defs[name] = strictify(definition, `$defs.${name}`);
  if (typeof node.$ref === "string") return node;
  if (Array.isArray(node.anyOf)) {
    node.anyOf = node.anyOf.map((branch, index) => strictify(branch, `${path}.anyOf.${index}`));
    return node;
  }
  if (node.type === undefined && node.enum === undefined && node.const === undefined) {
    throw new NotStrictable(`${path || "the root"} accepts any value`);
  }
  const types = Array.isArray(node.type) ? node.type : [node.type];
  if (types.includes("object")) {
    if (isObject(node.additionalProperties) && Object.keys(node.additionalProperties).length > 0 && !isObject(node.properties)) {
      throw new NotStrictable(`${path || "the root"} is a record with free keys`);
    }
    delete node.propertyNames;
    const properties = isObject(node.properties) ? node.properties : {};
    const required = new Set(Array.isArray(node.required) ? node.required : []);
    for (const [name, child] of Object.entries(properties)) {
      const strictChild = strictify(child, path ? `${path}.${name}` : name);
      properties[name] = required.has(name) || allowsNull(strictChild) ? strictChild : { anyOf: [strictChild, { type: "null" }] };
    }
    node.properties = properties;
    node.required = Object.keys(properties);
    node.additionalProperties = false;
  }
  if (types.includes("array")) {
    if (node.items === undefined || node.items === true) throw new NotStrictable(`${path || "the root"} is an array of any values`);
    node.items = strictify(node.items, `${path}[]`);
  }
  return node;
}

function rewriteRootRefs(node: unknown, target: string): void {
  if (Array.isArray(node)) {
    for (const child of node) rewriteRootRefs(child, target);
    return;
  }
  if (!isObject(node)) return;
  if (node.$ref === "#") node.$ref = target;
  else if (typeof node.$ref === "string" && node.$ref.startsWith("#/") && !node.$ref.startsWith("#/$defs/")) {
    node.$ref = `${target}${node.$ref.slice(1)}`;
  }
  for (const child of Object.values(node)) rewriteRootRefs(child, target);
}

/**
 * Builds the `response_format` JSON Schema for a zod schema: zod's JSON Schema of the input side, rewritten for
 * strict Structured Outputs — optional properties become required and nullable (the `null`s are removed again
 * by {@link dropAddedNulls} before zod validates), objects closed, unsupported formats dropped, a non-object root
 * wrapped in `{ value }`. When the schema cannot be strict (records, `allOf`, `unknown`…), it is sent non-strict
 * with a warning; zod validation and the repair retry still apply.
 */
export function toStructuredOutputSchema(schema: z.ZodType): StructuredOutputSchema {
  const original = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as JsonSchema;
  delete original.$schema;
  const wrapped = original.type !== "object";
  let root: JsonSchema;
  if (wrapped) {
    const { $defs, ...rest } = original;
    const value = structuredClone(rest);
    const definitions: JsonSchema = isObject($defs) ? structuredClone($defs) : {};
    if (JSON.stringify(value).includes('"$ref":"#')) {
      definitions.__root = value;
      rewriteRootRefs(definitions, "#/$defs/__root");
    }
    root = {
      type: "object",
      properties: { value: definitions.__root ? { $ref: "#/$defs/__root" } : value },
      required: ["value"],
      additionalProperties: false,
      ...(Object.keys(definitions).length > 0 && { $defs: definitions }),
    };
  } else {
    root = structuredClone(original);
  }
  try {
    return { jsonSchema: strictify(structuredClone(root), ""), strict: true, wrapped, original, warnings: [] };
  } catch (error) {
    if (!(error instanceof NotStrictable)) throw error;
    return {
      jsonSchema: root,
      strict: false,
      wrapped,
      original,
      warnings: [`the schema cannot use strict structured outputs (${error.message}); sent as a non-strict JSON schema`],
    };
  }
}

function resolveRef(node: JsonSchema, root: JsonSchema): JsonSchema {
  if (typeof node.$ref !== "string") return node;
  if (node.$ref === "#") return root;
  const match = /^#\/\$defs\/(.+)$/.exec(node.$ref);
  const definitions = root.$defs;
  const target = match && isObject(definitions) ? definitions[match[1]!] : undefined;
  return isObject(target) ? target : node;
}

/**
 * Removes the `null`s that strict mode makes the model write for optional properties, walking the answer
 * alongside the original schema: a `null` is dropped only where the property was optional and does not accept `null`.
 */
export function dropAddedNulls(value: unknown, node: unknown, root: JsonSchema = isObject(node) ? node : {}, depth = 0): unknown {
  if (!isObject(node) || depth > 64) return value;
  const schema = resolveRef(node, root);
  if (Array.isArray(value)) {
    return isObject(schema.items) ? value.map((item) => dropAddedNulls(item, schema.items, root, depth + 1)) : value;
  }
  if (!isObject(value)) return value;
  const branches = [schema, ...(Array.isArray(schema.anyOf) ? schema.anyOf : []), ...(Array.isArray(schema.oneOf) ? schema.oneOf : [])];
  const result: JsonSchema = { ...value };
  for (const branch of branches) {
    if (!isObject(branch)) continue;
    const resolved = resolveRef(branch, root);
    if (!isObject(resolved.properties)) continue;
    const required = new Set(Array.isArray(resolved.required) ? resolved.required : []);
    for (const [name, child] of Object.entries(resolved.properties)) {
      if (!(name in result) || !isObject(child)) continue;
      if (result[name] === null && !required.has(name) && !allowsNull(resolveRef(child, root))) delete result[name];
      else result[name] = dropAddedNulls(result[name], child, root, depth + 1);
    }
  }
  return result;
}
