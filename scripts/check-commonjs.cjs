// Loads every published package's CommonJS build with `require` and, for core, sends one request through its HTTP
// client to a loopback server: a dependency that ships ESM only would fail here, not in a user's CommonJS app.
const { readdirSync, existsSync, readFileSync } = require("node:fs");
const http = require("node:http");
const path = require("node:path");

async function main() {
  const packagesDirectory = path.join(__dirname, "..", "packages");
  const failures = [];
  for (const entry of readdirSync(packagesDirectory)) {
    const directory = path.join(packagesDirectory, entry);
    const manifest = JSON.parse(readFileSync(path.join(directory, "package.json"), "utf8"));
    const main = path.join(directory, manifest.main ?? "dist/index.cjs");
    if (!existsSync(main)) {
      failures.push(`${manifest.name}: ${path.relative(process.cwd(), main)} missing (run pnpm build)`);
      continue;
    }
    try {
      const exported = require(main);
      if (Object.keys(exported).length === 0) failures.push(`${manifest.name}: the CommonJS build exports nothing`);
    } catch (error) {
      failures.push(`${manifest.name}: require failed: ${error.message}`);
    }
  }
  const core = require(path.join(packagesDirectory, "core", "dist", "index.cjs"));
  const server = http.createServer((_request, response) => response.end(JSON.stringify({ ok: true })));
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    const client = core.createHttpClient({ retries: 0 });
    const body = await client.getText(`http://127.0.0.1:${server.address().port}/`);
    if (!body.includes("ok")) failures.push("@undercurrent/core: the CommonJS HTTP client returned an unexpected body");
  } catch (error) {
    failures.push(`@undercurrent/core: a request through the CommonJS build failed: ${error.message}`);
  } finally {
    server.close();
  }
  if (failures.length > 0) {
    console.error(failures.join("\n"));
    process.exit(1);
  }
  console.log(`${readdirSync(packagesDirectory).length} CommonJS builds load; core's HTTP client works from require`);
}

main();
