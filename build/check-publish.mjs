// `npm publish` runs this first (prepublishOnly): package.json's repository and bugs URLs are placeholders under the
// reserved .invalid domain until the project has a public home; publishing with them would break the README's
// relative links and images on the registry's page. Set the real URLs, then publish.
import { readFileSync } from "node:fs";

const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
const placeholders = ["repository", "bugs", "homepage"]
  .filter((k) => JSON.stringify(pkg[k] ?? "").includes(".invalid"))
  .map((k) => `${k} (${JSON.stringify(pkg[k])})`);
if (placeholders.length) {
  console.error(`check-publish: package.json has placeholder URLs: ${placeholders.join(", ")}. Set the project's real repository URL first.`);
  process.exit(1);
}
