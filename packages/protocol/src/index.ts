export * from "./display";
export * from "./widgets";
export * from "./state";
export * from "./messages";
export * from "./kernel";
export * from "./held-rows";
export * from "./range";
