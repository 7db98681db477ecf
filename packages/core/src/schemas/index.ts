export * from "./common.js";
export * from "./content.js";
export * from "./health.js";
export * from "./item.js";
export * from "./prediction.js";
export * from "./trend.js";
export * from "./user.js";
