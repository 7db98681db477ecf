import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  ApiCallError,
  ConfigError,
  isAbortError,
  isRetryableStatus,
  ResponseValidationError,
  toUndercurrentError,
  UndercurrentError,
  ValidationError,
} from "./errors.js";
import { parseInput, parseOptions } from "./validate.js";

describe("errors", () => {
  it("carry a code, retryability and cause", () => {
    const cause = new Error("socket hang up");
    const error = new UndercurrentError({ code: "SOMETHING", message: "it broke", isRetryable: true, cause });
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ code: "SOMETHING", isRetryable: true, message: "it broke", cause, name: "UndercurrentError" });
    expect(new UndercurrentError({ code: "X", message: "m" }).isRetryable).toBe(false);
  });

  it("recognise instances from another installed copy through the Symbol.for brand", () => {
    const foreign = Object.assign(new Error("from another copy"), {
      [Symbol.for("undercurrent.error")]: true,
      [Symbol.for("undercurrent.error.api-call")]: true,
    });
    expect(UndercurrentError.isInstance(foreign)).toBe(true);
    expect(ApiCallError.isInstance(foreign)).toBe(true);
    expect(ConfigError.isInstance(foreign)).toBe(false);
    expect(UndercurrentError.isInstance(new Error("plain"))).toBe(false);
    expect(UndercurrentError.isInstance(null)).toBe(false);
    expect(UndercurrentError.isInstance("UndercurrentError")).toBe(false);
  });

  it("derive API call codes and retryability from the status", () => {
    const status = (statusCode?: number) =>
      new ApiCallError({ message: "m", url: "https://x.test", ...(statusCode !== undefined && { statusCode }) });
    expect(status(503)).toMatchObject({ code: "HTTP_503", isRetryable: true, method: "GET" });
    expect(status(429).isRetryable).toBe(true);
    expect(status(408).isRetryable).toBe(true);
    expect(status(404)).toMatchObject({ code: "HTTP_404", isRetryable: false });
    expect(status()).toMatchObject({ code: "API_CALL_FAILED", isRetryable: true });
    expect([400, 401, 403, 404, 422].map(isRetryableStatus)).toEqual([false, false, false, false, false]);
    expect([408, 409, 425, 429, 500, 502, 503, 504].every(isRetryableStatus)).toBe(true);
  });

  it("make ConfigError a ValidationError, neither retryable, with the issues kept", () => {
    const error = new ConfigError({ context: "createThing", issues: [{ path: "options.limit", message: "expected a positive number" }] });
    expect(error.message).toBe("createThing: options.limit: expected a positive number");
    expect(ValidationError.isInstance(error)).toBe(true);
    expect(ConfigError.isInstance(new ValidationError({ message: "x" }))).toBe(false);
    expect(error.code).toBe("CONFIG_INVALID");
    expect(error.isRetryable).toBe(false);
    expect(new ResponseValidationError({ issues: [{ path: "hits.0", message: "bad" }], url: "https://x.test" }).message).toBe(
      "Unexpected response from https://x.test: hits.0: bad",
    );
  });

  it("wrap unknown throws and recognise aborts", () => {
    const wrapped = toUndercurrentError("a string", "SOURCE_FAILED");
    expect(wrapped).toMatchObject({ code: "SOURCE_FAILED", message: "a string" });
    const known = new ConfigError({ message: "x" });
    expect(toUndercurrentError(known)).toBe(known);
    expect(isAbortError(new DOMException("stop", "AbortError"))).toBe(true);
    expect(isAbortError(new Error("x"))).toBe(false);
  });
});

describe("parseOptions and parseInput", () => {
  const schema = z.strictObject({ limit: z.number().int().positive(), nested: z.object({ name: z.string() }).optional() });

  it("return the parsed value", () => {
    expect(parseOptions(schema, { limit: 3 }, "createThing")).toEqual({ limit: 3 });
  });

  it("name every bad field, and unknown keys", () => {
    expect(() => parseOptions(schema, { limit: -1, nested: { name: 5 } }, "createThing")).toThrow(
      /^createThing: options\.limit: too small: expected number to be >0; options\.nested\.name: expected string, received number$/,
    );
    expect(() => parseOptions(schema, { limit: 1, limt: 2 }, "createThing")).toThrow(/unrecognized key: "limt"/);
    expect(() => parseOptions(schema, undefined, "createThing")).toThrow(ConfigError);
  });

  it("raise ValidationError (not ConfigError) for data", () => {
    const error = (() => {
      try {
        parseInput(schema, { limit: 0 }, "putThing", "thing");
      } catch (caught) {
        return caught;
      }
    })();
    expect(ValidationError.isInstance(error)).toBe(true);
    expect(ConfigError.isInstance(error)).toBe(false);
    expect((error as Error).message).toMatch(/^putThing: thing\.limit:/);
  });
});

describe("ApiCallError.withCode", () => {
  it("keeps every field and the original as the cause, under a vendor code", () => {
    const original = new ApiCallError({
      message: "429",
      url: "https://x.test/a",
      statusCode: 429,
      responseBody: "slow down",
      retryAfterMs: 5_000,
      responseHeaders: { "retry-after": "5" },
    });
    const mapped = original.withCode("VENDOR_RATE_LIMITED", { message: "vendor says slow down" });
    expect(mapped).toMatchObject({
      code: "VENDOR_RATE_LIMITED",
      message: "vendor says slow down",
      url: "https://x.test/a",
      statusCode: 429,
      responseBody: "slow down",
      retryAfterMs: 5_000,
      isRetryable: true,
      responseHeaders: { "retry-after": "5" },
    });
    expect(mapped.cause).toBe(original);
    expect(original.withCode("VENDOR_AUTH", { isRetryable: false }).isRetryable).toBe(false);
  });
});
