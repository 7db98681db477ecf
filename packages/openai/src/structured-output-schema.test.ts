import { describe, expect, it } from "vitest";
import { z } from "zod";
import { dropAddedNulls, toStructuredOutputSchema } from "./structured-output-schema.js";

describe("toStructuredOutputSchema", () => {
  it("makes optional properties required and nullable, and closes every object", () => {
    const format = toStructuredOutputSchema(
      z.object({
        title: z.string().describe("headline"),
        subtitle: z.string().optional(),
        tags: z.array(z.object({ name: z.string(), weight: z.number().default(1) })),
        link: z.url(),
      }),
    );
    expect(format.strict).toBe(true);
    expect(format.wrapped).toBe(false);
    expect(format.jsonSchema).toEqual({
      type: "object",
      properties: {
        title: { type: "string", description: "headline" },
        subtitle: { anyOf: [{ type: "string" }, { type: "null" }] },
        tags: {
          type: "array",
          items: {
            type: "object",
            properties: { name: { type: "string" }, weight: { anyOf: [{ type: "number" }, { type: "null" }] } },
            required: ["name", "weight"],
            additionalProperties: false,
          },
        },
        link: { type: "string" },
      },
      required: ["title", "subtitle", "tags", "link"],
      additionalProperties: false,
    });
  });

  it("wraps a non-object root in { value }", () => {
    const format = toStructuredOutputSchema(z.array(z.string()));
    expect(format).toMatchObject({ strict: true, wrapped: true });
    expect(format.jsonSchema).toEqual({
      type: "object",
      properties: { value: { type: "array", items: { type: "string" } } },
      required: ["value"],
      additionalProperties: false,
    });
  });

  it("turns discriminated unions into anyOf and keeps recursive schemas", () => {
    const shape = z.discriminatedUnion("kind", [z.object({ kind: z.literal("a"), x: z.string() }), z.object({ kind: z.literal("b") })]);
    const format = toStructuredOutputSchema(z.object({ shape }));
    expect(format.strict).toBe(true);
    expect((format.jsonSchema.properties as Record<string, { anyOf?: unknown[] }>).shape!.anyOf).toHaveLength(2);
    const Node: z.ZodType = z.object({
      name: z.string(),
      get children() {
        return z.array(Node);
      },
    });
    expect(toStructuredOutputSchema(Node).strict).toBe(true);
  });

  it("falls back to a non-strict schema, with a warning, for records and unknown values", () => {
    const records = toStructuredOutputSchema(z.object({ counts: z.record(z.string(), z.number()) }));
    expect(records.strict).toBe(false);
    expect(records.warnings[0]).toMatch(/counts is a record/);
    expect(toStructuredOutputSchema(z.object({ anything: z.unknown() })).strict).toBe(false);
  });
});

describe("dropAddedNulls", () => {
  it("removes nulls only where the property was optional and not nullable", () => {
    const schema = z.object({
      a: z.string().optional(),
      b: z.string().nullable(),
      nested: z.array(z.object({ c: z.number().optional(), d: z.number() })),
    });
    const { original } = toStructuredOutputSchema(schema);
    const cleaned = dropAddedNulls(
      {
        a: null,
        b: null,
        nested: [
          { c: null, d: 1 },
          { c: 2, d: 3 },
        ],
      },
      original,
    );
    expect(cleaned).toEqual({ b: null, nested: [{ d: 1 }, { c: 2, d: 3 }] });
    expect(schema.safeParse(cleaned).success).toBe(true);
  });
});
