import { chromium, type Browser, type Page } from "playwright-core";

/**
 * How the browser tests and the browser benchmark start Debian's Chromium (playwright-core cannot download its own
 * browser here): headless, as root, with the background services that would try the closed network turned off.
 */
export const CHROMIUM = "/usr/bin/chromium";
export const CHROMIUM_ARGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];
/** EA_SKIP_BROWSER=1 skips the browser tests (with the reason printed); otherwise a missing Chromium fails them. */
export const skipBrowser = process.env.EA_SKIP_BROWSER === "1";

/** Debian's Chromium, started the one way every browser test and benchmark starts it. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/** Uncaught page errors and console errors are pushed to `errors`, so a test can assert that none happened. */
export function collectPageErrors(page: Page, errors: string[]): void {
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("console", (msg) => { if (msg.type() === "error") errors.push(msg.text()); });
}
