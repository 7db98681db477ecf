import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, it } from "vitest";
import { createHeyGenMockServer, createHeyGenVideoProvider, createHeyGenWebhookHandler } from "./index.js";

it("runs the README snippet against the mock server", async () => {
  const printed: string[] = [];
  const console = { log: (...parts: unknown[]) => printed.push(parts.join(" ")) };

  // --- README snippet: render ---
  const mock = await createHeyGenMockServer({ renderTiming: { pendingMs: 100, processingMs: 300 } });
  const heygen = createHeyGenVideoProvider({ apiKey: mock.apiKey, baseURL: mock.url });

  const avatar = (await heygen.listAvatars()).find((look) => look.tags.includes("professional") && look.defaultVoiceId);
  if (!avatar) throw new Error("no professional avatar with a default voice");
  const request = {
    avatarId: avatar.id,
    script: "Three signals moved together this week. Here is what they mean for your team.",
    aspectRatio: "9:16",
    captions: true,
  } as const;

  const cost = await heygen.estimateCost(request);
  console.log(`${avatar.name}: about ${cost.amount} ${cost.unit} for ${cost.seconds} s`);

  const started = await heygen.start(request, { idempotencyKey: "weekly-trends-23-9x16" });
  let status = started;
  while (status.status === "pending") {
    await new Promise((resolve) => setTimeout(resolve, 200));
    status = await heygen.status(started.providerJobId);
  }
  console.log(status.status, status.result?.videoUrl);
  console.log(`paid renders: ${mock.counters.paidRenders}`);
  await mock.close();
  // --- end of snippet ---

  expect(printed[0]).toBe("Abigail (Upper Body): about 0.3735 usd for 5.6 s");
  expect(printed[1]).toMatch(/^completed https:\/\/files\.heygen\.ai\/video\/[0-9a-f]{8}\.mp4\?Expires=\d+&Signature=\w+$/);
  expect(printed[2]).toBe("paid renders: 1");
});

it("runs the README webhook snippet against the mock server", async () => {
  const printed: string[] = [];
  const console = { log: (...parts: unknown[]) => printed.push(parts.join(" ")) };
  const mock = await createHeyGenMockServer({ renderTiming: { pendingMs: 100, processingMs: 300 } });
  const publicUrl = await new Promise<{ url: string; close: () => void }>((resolve) => {
    // A stand-in for the host app's public webhook URL, forwarding to the handler below.
    const forward = createServer(async (incoming, outgoing) => {
      const chunks: Buffer[] = [];
      for await (const chunk of incoming) chunks.push(chunk as Buffer);
      const headers = new Headers(
        Object.entries(incoming.headers).filter((entry): entry is [string, string] => typeof entry[1] === "string"),
      );
      const response = await handler(new Request("http://localhost/heygen", { method: "POST", headers, body: Buffer.concat(chunks) }));
      outgoing.writeHead(response.status).end(await response.text());
    });
    forward.listen(0, "127.0.0.1", () =>
      resolve({ url: `http://127.0.0.1:${(forward.address() as AddressInfo).port}/heygen`, close: () => forward.close() }),
    );
  });
  let heygen = createHeyGenVideoProvider({ apiKey: mock.apiKey, baseURL: mock.url });
  let handler: (request: Request) => Promise<Response> = async () => new Response(null, { status: 503 });

  // --- README snippet: webhooks ---
  const endpoint = await heygen.registerWebhookEndpoint({ url: publicUrl.url, events: ["avatar_video.success", "avatar_video.fail"] });
  // Store endpoint.secret now: HeyGen shows it only on registration and rotation.
  heygen = createHeyGenVideoProvider({ apiKey: mock.apiKey, baseURL: mock.url, webhookSecret: endpoint.secret });
  handler = createHeyGenWebhookHandler({
    provider: heygen,
    onEvent: (event) => {
      console.log(event.type, event.callbackId, event.render.status);
    },
  });
  // Serve `handler` at publicUrl (any fetch-style server: Hono, Next.js route handlers, Bun.serve, node:http + Request).
  // --- end of snippet ---

  await heygen.start(
    { avatarId: "8f3c1e2a9b7d4c6e8a1f0b2c3d4e5f60", script: "Hello.", aspectRatio: "16:9", callbackId: "job_7f3a2c" },
    { idempotencyKey: "readme-webhook" },
  );
  await mock.advance(1_000);
  expect(printed).toEqual(["avatar_video.success job_7f3a2c completed"]);
  publicUrl.close();
  await mock.close();
});
