import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import type { VideoWebhookReceiver } from "@undercurrent/content";

/** A running webhook endpoint. */
export interface WebhookServer {
  /** The URL to give the provider (`callbackUrl` of each render, or a registered endpoint). */
  url: string;
  /** Deliveries answered, by HTTP status. */
  answered: Map<number, number>;
  close(): Promise<void>;
}

/**
 * Serves `receiver` with node:http at `http://<host>:<port>/webhooks/video`: reads the raw body (the signature covers
 * its exact bytes, so it is never parsed and re-serialised first) and the headers, and answers what the receiver says.
 */
export async function serveWebhookReceiver(
  receiver: Pick<VideoWebhookReceiver, "receive">,
  options: { host?: string; port?: number } = {},
): Promise<WebhookServer> {
  const answered = new Map<number, number>();
  const server = createServer(async (request, response) => {
    const receipt = await receiver.receive({
      rawBody: await readBody(request),
      headers: headersOf(request),
      method: request.method ?? "GET",
    });
    answered.set(receipt.status, (answered.get(receipt.status) ?? 0) + 1);
    response.writeHead(receipt.status, { "content-type": "application/json" }).end(JSON.stringify(receipt.body));
  });
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}/webhooks/video`,
    answered,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function readBody(request: IncomingMessage): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return new Uint8Array(Buffer.concat(chunks));
}

function headersOf(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (typeof value === "string") headers[name] = value;
    else if (Array.isArray(value)) headers[name] = value.join(", ");
  }
  return headers;
}
