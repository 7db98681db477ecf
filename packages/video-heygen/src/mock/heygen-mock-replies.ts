/** One answer of the mock: status, JSON body and headers. */
export interface MockReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

const docAnchors: Record<string, string> = {
  invalid_parameter: "invalid-parameter",
  insufficient_credit: "insufficient-credit",
  rate_limit_exceeded: "rate-limit-exceeded",
  request_in_progress: "request-in-progress",
};

/** HeyGen's error envelope: `{ error: { code, message, param?, doc_url? } }`. */
export function errorReply(status: number, code: string, message: string, param?: string, headers?: Record<string, string>): MockReply {
  const anchor = docAnchors[code] ?? code.replace(/_/g, "-");
  return {
    status,
    body: { error: { code, message, ...(param && { param }), doc_url: `https://developers.heygen.com/docs/error-codes#${anchor}` } },
    ...(headers && { headers }),
  };
}

/** 400 `invalid_parameter` naming the field. */
export function invalidParameter(param: string, message: string): MockReply {
  return errorReply(400, "invalid_parameter", message, param);
}

/** `{ data }` with 200. */
export function dataReply(data: unknown, status = 200): MockReply {
  return { status, body: { data } };
}

/** Opaque page tokens: base64url of the next offset. */
export function encodePageToken(offset: number): string {
  return Buffer.from(JSON.stringify({ o: offset }), "utf8").toString("base64url");
}

/** Reads a page token; undefined when it is not one of ours. */
export function decodePageToken(token: string): number | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as { o?: unknown };
    return typeof parsed.o === "number" && Number.isInteger(parsed.o) && parsed.o >= 0 ? parsed.o : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A page of `items` per `?limit=&token=` with HeyGen's `has_more` / `next_token`, or a 400 for a bad limit or token.
 * `cap` is the most the server returns per page whatever the limit (to exercise pagination).
 */
export function pageReply<T>(
  items: readonly T[],
  query: URLSearchParams,
  limits: { min: number; max: number; fallback: number },
  cap: number | undefined,
): MockReply {
  const limitText = query.get("limit");
  const limit = limitText === null ? limits.fallback : Number(limitText);
  if (!Number.isInteger(limit) || limit < limits.min || limit > limits.max) {
    return invalidParameter("limit", `limit must be an integer from ${limits.min} to ${limits.max}`);
  }
  const token = query.get("token");
  const offset = token ? decodePageToken(token) : 0;
  if (offset === undefined) return invalidParameter("token", "token is not a valid pagination token");
  const size = Math.min(limit, cap ?? limit);
  const page = items.slice(offset, offset + size);
  const hasMore = offset + size < items.length;
  return { status: 200, body: { data: page, has_more: hasMore, next_token: hasMore ? encodePageToken(offset + size) : null } };
}
