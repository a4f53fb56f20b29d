#!/usr/bin/env node
// Never answers (for the timeout test).
setInterval(() => {}, 1000);
