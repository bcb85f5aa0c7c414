export { startKernel, kernelVersion } from "./main";
export { StreamzServer } from "./server";
export { CommManager } from "./comms";
export { KernelMessage } from "./wire";
export { installKernelspec, type InstallOptions } from "./install";
