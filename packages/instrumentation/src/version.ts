/** Name and version reported as the instrumentation scope. */
export const PACKAGE_NAME = '@tradingagents/instrumentation';
export const PACKAGE_VERSION = '0.1.0';
