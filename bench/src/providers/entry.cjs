// Plain CommonJS entry: Node's own CJS loader (with tsx's `--require tsx/cjs` hook for the .cts
// files) keeps `Module.prototype.require` in charge, so instrumentation require hooks see the SDK load.
require('./worker.cts');
