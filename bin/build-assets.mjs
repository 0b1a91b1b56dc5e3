// Copy the front-end assets Wijkkompas serves itself into var/assets (no CDN at run time).
import { copyFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "var", "assets");
mkdirSync(out, { recursive: true });

const files = {
  "@utrecht/component-library-css/dist/index.css": "utrecht-components.css",
  "@utrecht/design-tokens/dist/index.css": "utrecht-tokens.css",
  "htmx.org/dist/htmx.min.js": "htmx.min.js",
};
for (const [from, to] of Object.entries(files)) {
  copyFileSync(join(root, "node_modules", from), join(out, to));
  console.log(`assets: ${from} -> var/assets/${to}`);
}
