import { existsSync } from 'node:fs';
import { FIREFOX_EXTENSION_DIR, firefoxPath } from './firefox';

/** The Firefox tests drive the built add-on: fail early, and say why, when it or Firefox is missing. */
export default function setup() {
  if (!existsSync(`${FIREFOX_EXTENSION_DIR}/manifest.json`)) {
    throw new Error(`No Firefox build in ${FIREFOX_EXTENSION_DIR}: run \`npm run build\` first (\`npm test\` does).`);
  }
  if (!existsSync(firefoxPath())) {
    throw new Error(
      `No Firefox at ${firefoxPath()}: install Debian's firefox-esr (apt-get install firefox-esr) or set FIREFOX_PATH.`,
    );
  }
}
