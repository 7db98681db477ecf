import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Store } from "@undercurrent/core";
import { describeStore } from "@undercurrent/core/testing";
import { afterAll } from "vitest";
import { createSqliteStore } from "./sqlite-store.js";

const directory = mkdtempSync(join(tmpdir(), "undercurrent-sqlite-conformance-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const paths = new WeakMap<Store, string>();
let created = 0;

function open(path: string): Store {
  const store = createSqliteStore({ path });
  paths.set(store, path);
  return store;
}

describeStore("sqlite", {
  create: async () => open(join(directory, `store-${++created}.db`)),
  reopen: async (store) => {
    const path = paths.get(store);
    if (path === undefined) throw new Error("reopen got a store this test did not create");
    await store.close();
    return open(path);
  },
});
