/** Bad input: thrown before any computation, with a message naming the argument, what was expected and what came. */
export class InputError extends Error {
  override readonly name = "InputError";
  constructor(message: string) {
    super(message);
    Object.setPrototypeOf(this, new.target.prototype);
  }
}

/** The WebAssembly module trapped or called abort: always a bug in this library, never the user's input. */
export class WasmAbortError extends Error {
  override readonly name = "WasmAbortError";
  constructor(message: string) {
    super(message);
    Object.setPrototypeOf(this, new.target.prototype);
  }
}

/** A method was called on an engine after `engine.dispose()`. */
export class EngineDisposedError extends Error {
  override readonly name = "EngineDisposedError";
  constructor(method: string) {
    super(`engine.${method}() was called after engine.dispose(); create a new engine with createEngine()`);
    Object.setPrototypeOf(this, new.target.prototype);
  }
}
