import { describeVectorIndex } from "@undercurrent/core/testing";
import { createHnswVectorIndex } from "./hnsw-vector-index.js";

describeVectorIndex("hnswlib", { create: (dimensions) => createHnswVectorIndex({ dimensions }), minRecall: 0.9 });
