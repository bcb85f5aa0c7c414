#!/usr/bin/env node
// `npm run kernel:install [-- --prefix DIR]`: the same as `streamz-ts install [options]`.
"use strict";
process.argv.splice(2, 0, "install");
require("./streamz-ts.js");
