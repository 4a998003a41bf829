// puppeteer's own install script downloads nothing; zinepress's postinstall
// (`zinepress setup-browser`, scripts/render/setup.ts) decides instead: a browser
// already on the machine; else, as root on Debian, Debian's chromium; else
// puppeteer's chrome-headless-shell (about 100 MB), downloaded once unless
// PUPPETEER_SKIP_DOWNLOAD is set. A build never downloads anything (see README,
// "Quick start").
module.exports = { skipDownload: true };
