import { describeStore } from "../testing/describe-store.js";
import { createMemoryStore } from "./memory-store.js";

describeStore("memory", { create: async () => createMemoryStore() });
