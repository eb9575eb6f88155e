export * from "./client.js";
export * from "./content-id.js";
export * from "./server.js";
