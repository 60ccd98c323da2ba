"use strict";
// require("emergent-align"): the package is ES modules; Node >= 20.19 (and >= 22.12) load them with require().
// Copied to dist/index.cjs by build/bundle.mjs.
try {
  module.exports = require("./index.js");
} catch (error) {
  if (error && error.code === "ERR_REQUIRE_ESM") {
    throw new Error(
      "emergent-align is an ES module: require() of it needs Node >= 20.19 or >= 22.12 (this is Node " + process.version + "). " +
      'Use `const { createEngine } = await import("emergent-align")` instead, or upgrade Node.',
      { cause: error },
    );
  }
  throw error;
}
