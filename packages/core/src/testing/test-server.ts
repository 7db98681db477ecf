import { HttpResponse, http, delay as mswDelay } from "msw";
import { type SetupServer, setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll } from "vitest";

/** A canned response. */
export interface MockResponse {
  /** HTTP status; 200 by default. */
  status?: number;
  headers?: Record<string, string>;
  /** Sent as JSON. */
  json?: unknown;
  /** Sent as text (set `content-type` in `headers` for HTML or XML). */
  text?: string;
  /** Sent as raw bytes (for bodies in another charset). */
  body?: Uint8Array;
  /** Wait before answering (real time), e.g. to trigger a client timeout. */
  delayMs?: number;
  /** Fail at the network level instead of answering. */
  networkError?: boolean;
}

/** One request the server received. */
export interface RecordedCall {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}

/**
 * What a route answers: one response, a sequence (each call takes the next; the last repeats),
 * or a function of the request.
 */
export type RouteHandler = MockResponse | MockResponse[] | ((call: RecordedCall) => MockResponse | Promise<MockResponse>);

/**
 * Routes by `"METHOD url"` or just `"url"` (any method). The URL is matched without its query string,
 * msw style, so `https://hn.algolia.com/api/v1/search_by_date` matches every query of that path.
 */
export type Routes = Record<string, RouteHandler>;

/** A running msw server that records every call. */
export interface TestServer {
  /** Every call received since the last reset, in order. */
  readonly calls: RecordedCall[];
  /** Replaces or adds routes until the next reset (the end of the current test). */
  use(routes: Routes): void;
  /** Forgets overrides and recorded calls. */
  reset(): void;
  /** The underlying msw server. */
  readonly msw: SetupServer;
}

function toResponse(response: MockResponse): Response {
  if (response.networkError) return HttpResponse.error();
  const init = { status: response.status ?? 200, headers: response.headers };
  if (response.json !== undefined) return HttpResponse.json(response.json as never, init);
  if (response.body !== undefined) return new HttpResponse(response.body as unknown as ConstructorParameters<typeof HttpResponse>[0], init);
  return new HttpResponse(response.text ?? "", init);
}

/**
 * Starts an msw server for the current test file (or `describe` block) answering `routes`, with
 * `onUnhandledRequest: "error"`. Registers its own `beforeAll` / `afterEach` / `afterAll` hooks.
 */
export function createTestServer(routes: Routes = {}): TestServer {
  const calls: RecordedCall[] = [];
  const toHandlers = (table: Routes) =>
    Object.entries(table).map(([route, handler]) => {
      const [first, second] = route.split(/\s+/, 2);
      const method = second ? first!.toUpperCase() : undefined;
      const url = second ?? first!;
      let index = 0;
      const resolver = async ({ request }: { request: Request }) => {
        const headers: Record<string, string> = {};
        request.headers.forEach((value, name) => {
          headers[name] = value;
        });
        const call: RecordedCall = { method: request.method, url: request.url, headers, body: await request.clone().text() };
        calls.push(call);
        let response: MockResponse;
        if (typeof handler === "function") response = await handler(call);
        else if (Array.isArray(handler)) response = handler[Math.min(index++, handler.length - 1)] ?? {};
        else response = handler;
        if (response.delayMs) await mswDelay(response.delayMs);
        return toResponse(response);
      };
      const factory = method ? http[method.toLowerCase() as "get"] : http.all;
      if (!factory) throw new Error(`createTestServer: unknown method in route "${route}"`);
      return factory(url, resolver);
    });

  const msw = setupServer(...toHandlers(routes));
  beforeAll(() => msw.listen({ onUnhandledRequest: "error" }));
  // Fresh handlers reset the position of response sequences too.
  const reset = () => {
    msw.resetHandlers(...toHandlers(routes));
    calls.length = 0;
  };
  afterEach(reset);
  afterAll(() => msw.close());

  return {
    calls,
    msw,
    use: (overrides) => msw.use(...toHandlers(overrides)),
    reset,
  };
}
