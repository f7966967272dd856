import { existsSync } from 'node:fs';
import { chromiumPath, EXTENSION_DIR } from './extension';

/** The end-to-end tests drive the built extension: fail early, and say why, when it is not there. */
export default function setup() {
  if (!existsSync(`${EXTENSION_DIR}/manifest.json`)) {
    throw new Error(`No built extension in ${EXTENSION_DIR}: run \`npm run build\` first (\`npm test\` does).`);
  }
  if (!existsSync(chromiumPath())) {
    throw new Error(
      `No Chromium at ${chromiumPath()}: install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH.`,
    );
  }
}
