// zinepress never downloads a browser: it uses one already on the machine
// (see README, "Pointing zinepress at a browser").
module.exports = { skipDownload: true };
