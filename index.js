// Zapier's runtime loads the app from this file (build/zapierwrapper.js requires ./index.js);
// the app itself is compiled from index.ts into dist/.
module.exports = require('./dist/index.js');
