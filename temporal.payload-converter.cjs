// The payload converter of the worker, the client and the workflow bundle: the SDK's default, plus
// one encoding only the codec writes. When payload keys are configured the worker's codec turns a
// payload that arrived unencrypted — e.g. an update sent past Vugge with `temporal workflow update`
// — into an empty one of encoding `binary/unencrypted-refused` (temporal.codec.ts), and reading it
// fails with one sentence: an update or query is rejected before its validator or handler sees
// anything, a start never runs. A plain CommonJS file because Temporal loads it by path, with
// require() in the worker and client and through webpack in the workflow bundle.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- CommonJS by necessity, see above
const { ApplicationFailure, BinaryPayloadConverter, CompositePayloadConverter, JsonPayloadConverter, UndefinedPayloadConverter } = require('@temporalio/common');

const REFUSED_ENCODING = 'binary/unencrypted-refused';

const refused = {
  code: 'payload.unencrypted',
  da: 'Vugge afviser data, der ikke er krypteret med Vugges nøgle; send det gennem Vugge (webappen eller vugge-kommandoen), ikke direkte til Temporal.',
  en: 'Vugge refuses data not encrypted with its key; send it through Vugge (the web app or the vugge command), not directly to Temporal.',
};

class RefusedPayloadConverter {
  encodingType = REFUSED_ENCODING;
  toPayload() {
    return undefined;
  }
  fromPayload() {
    throw ApplicationFailure.create({ message: `${refused.da} / ${refused.en}`, type: 'VuggeRejected', nonRetryable: true, details: [refused] });
  }
}

exports.REFUSED_ENCODING = REFUSED_ENCODING;
exports.payloadConverter = new CompositePayloadConverter(new RefusedPayloadConverter(), new UndefinedPayloadConverter(), new BinaryPayloadConverter(), new JsonPayloadConverter());
