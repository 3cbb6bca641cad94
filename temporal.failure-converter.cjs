// Failure messages and stack traces (an SMTP error may name an e-mail address) are moved into an
// encoded payload, so the payload codec encrypts them like every other payload; the history shows
// only "Encoded failure". A plain CommonJS file because Temporal loads it by path, with require()
// in the worker and client and through webpack in the workflow bundle.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- CommonJS by necessity, see above
const { DefaultFailureConverter } = require('@temporalio/common');

exports.failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
