// Preloaded by the harness into apps it runs as services: keeps the event loop alive after the
// app's work, as a server would, until the harness sends SIGTERM.
setInterval(() => {}, 1 << 30);
