// How the browser tests start Chromium: Debian's /usr/bin/chromium (no browser downloads),
// headless, in a fresh temporary profile (Playwright makes one per launch and deletes it).
// --no-sandbox: Chromium refuses to start as root otherwise. The networking flags keep
// Chromium from its own background connections, which a closed network refuses.
'use strict';

const CHROMIUM = process.env.VAE_CHROMIUM || '/usr/bin/chromium';

function launchOptions() {
  return {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    timeout: 60000,
  };
}

module.exports = { CHROMIUM, launchOptions };
