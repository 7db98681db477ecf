export * from "./backtest/index.js";
export * from "./forecast/index.js";
export * from "./popularity/index.js";
export * from "./timing/index.js";
