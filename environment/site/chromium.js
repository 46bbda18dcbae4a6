// How the browser tests start Chromium: Debian's /usr/bin/chromium (no browser downloads),
// headless, in a fresh temporary profile (Playwright makes one per launch and deletes it).
// --no-sandbox: Chromium refuses to start as root otherwise. The networking flags keep
// Chromium from its own background connections, which a closed network refuses.
// Requests are watched, not intercepted (interception would turn off the cache and send
// every request through node: slow for the notebook page's hundreds of scripts).
'use strict';

const CHROMIUM = process.env.VAE_CHROMIUM || '/usr/bin/chromium';

function launchOptions() {
  return {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      // Offline by construction: no host name resolves, so a page that reaches for the
      // internet fails fast (and the checks report the request) instead of waiting.
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1'],
    timeout: 60000,
  };
}

module.exports = { CHROMIUM, launchOptions };
