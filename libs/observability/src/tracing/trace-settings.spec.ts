import { readTraceSettings, TracingConfigError } from './trace-settings';

describe('readTraceSettings', () => {
  it('traces but exports nothing when nothing is configured', () => {
    expect(readTraceSettings({})).toEqual({ enabled: true });
  });

  it('exports by OTLP over HTTP (protobuf) to the general endpoint’s /v1/traces once an endpoint is set', () => {
    expect(readTraceSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' })).toEqual({
      enabled: true,
      exporter: { protocol: 'http/protobuf', url: 'http://collector:4318/v1/traces' },
    });
  });

  it('uses the traces endpoint as it is, and the JSON protocol when asked', () => {
    const settings = readTraceSettings({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://ignored:4318',
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://collector.example/otlp/traces',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
    });
    expect(settings.exporter).toEqual({ protocol: 'http/json', url: 'https://collector.example/otlp/traces' });
  });

  it('exports to the OTLP default on this machine when OTEL_TRACES_EXPORTER=otlp names no endpoint', () => {
    expect(readTraceSettings({ OTEL_TRACES_EXPORTER: 'otlp' }).exporter?.url).toBe('http://localhost:4318/v1/traces');
  });

  it('exports nothing with OTEL_TRACES_EXPORTER=none, even with an endpoint', () => {
    expect(readTraceSettings({ OTEL_TRACES_EXPORTER: 'none', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toEqual({ enabled: true });
  });

  it('turns tracing off altogether with OTEL_SDK_DISABLED=true', () => {
    expect(readTraceSettings({ OTEL_SDK_DISABLED: 'true', OTEL_TRACES_EXPORTER: 'otlp' })).toEqual({ enabled: false });
  });

  it.each([
    [{ OTEL_TRACES_EXPORTER: 'zipkin' }, /OTEL_TRACES_EXPORTER must be otlp or none \(got "zipkin"\)/],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' }, /OTEL_EXPORTER_OTLP_ENDPOINT must be an http:\/\/ or https:\/\/ URL/],
    [{ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'ftp://collector/traces' }, /OTEL_EXPORTER_OTLP_TRACES_ENDPOINT must be an http/],
    [{ OTEL_TRACES_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' }, /OTEL_EXPORTER_OTLP_PROTOCOL must be http\/protobuf or http\/json/],
    [{ OTEL_TRACES_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'grpc' }, /OTEL_EXPORTER_OTLP_TRACES_PROTOCOL must be/],
  ])('refuses %j naming the variable', (env, message) => {
    expect(() => readTraceSettings(env)).toThrow(TracingConfigError);
    expect(() => readTraceSettings(env)).toThrow(message);
  });
});
