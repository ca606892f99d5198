import protobuf from 'protobufjs';

/**
 * OTLP/HTTP in binary protobuf, the encoding the OpenTelemetry Collector's `otlphttp` exporter and most SDKs
 * send by default. Decoded with protobufjs into the same shape as OTLP/JSON (lowerCamelCase fields, 64-bit
 * integers as decimal strings, enums as numbers), so `otlpExchanges` reads both. Only the messages and fields
 * an exchange needs are declared, with the numbers of opentelemetry-proto's trace.proto, common.proto and
 * resource.proto; protobuf skips every other field (events, links, ids), whatever later versions add.
 */
const messages = {
  ExportTraceServiceRequest: { fields: { resourceSpans: { rule: 'repeated', type: 'ResourceSpans', id: 1 } } },
  ResourceSpans: {
    fields: {
      resource: { type: 'Resource', id: 1 },
      scopeSpans: { rule: 'repeated', type: 'ScopeSpans', id: 2 },
      schemaUrl: { type: 'string', id: 3 },
    },
  },
  Resource: { fields: { attributes: { rule: 'repeated', type: 'KeyValue', id: 1 } } },
  ScopeSpans: { fields: { scope: { type: 'InstrumentationScope', id: 1 }, spans: { rule: 'repeated', type: 'Span', id: 2 } } },
  InstrumentationScope: { fields: { name: { type: 'string', id: 1 }, version: { type: 'string', id: 2 } } },
  Span: {
    fields: {
      name: { type: 'string', id: 5 },
      kind: { type: 'int32', id: 6 },
      startTimeUnixNano: { type: 'fixed64', id: 7 },
      endTimeUnixNano: { type: 'fixed64', id: 8 },
      attributes: { rule: 'repeated', type: 'KeyValue', id: 9 },
    },
  },
  KeyValue: { fields: { key: { type: 'string', id: 1 }, value: { type: 'AnyValue', id: 2 } } },
  AnyValue: {
    oneofs: { value: { oneof: ['stringValue', 'boolValue', 'intValue', 'doubleValue', 'arrayValue', 'kvlistValue', 'bytesValue'] } },
    fields: {
      stringValue: { type: 'string', id: 1 },
      boolValue: { type: 'bool', id: 2 },
      intValue: { type: 'int64', id: 3 },
      doubleValue: { type: 'double', id: 4 },
      arrayValue: { type: 'ArrayValue', id: 5 },
      kvlistValue: { type: 'KeyValueList', id: 6 },
      bytesValue: { type: 'bytes', id: 7 },
    },
  },
  ArrayValue: { fields: { values: { rule: 'repeated', type: 'AnyValue', id: 1 } } },
  KeyValueList: { fields: { values: { rule: 'repeated', type: 'KeyValue', id: 1 } } },
  ExportTraceServiceResponse: { fields: { partialSuccess: { type: 'ExportTracePartialSuccess', id: 1 } } },
  ExportTracePartialSuccess: { fields: { rejectedSpans: { type: 'int64', id: 1 }, errorMessage: { type: 'string', id: 2 } } },
};

const root = protobuf.Root.fromJSON({ nested: { otlp: { nested: messages } } });
const request = root.lookupType('otlp.ExportTraceServiceRequest');
const response = root.lookupType('otlp.ExportTraceServiceResponse');

/** An ExportTraceServiceRequest in OTLP/JSON's shape; throws with protobufjs's reason when the bytes are not one. */
export function decodeOtlpTraces(body: Uint8Array): unknown {
  return request.toObject(request.decode(body), { longs: String, enums: Number, bytes: String, defaults: false, arrays: true });
}

/** The ExportTraceServiceResponse a protobuf client expects: empty for full success. */
export function encodeOtlpResponse(partial?: { rejectedSpans: number; errorMessage: string }): Uint8Array {
  return response.encode(response.fromObject(partial ? { partialSuccess: partial } : {})).finish();
}
