/** A small fetch wrapper for tests: JSON in, status + headers + parsed body out. */
export interface HttpResult<T = unknown> {
  status: number;
  contentType: string;
  headers: Headers;
  body: T;
}

export async function http<T = any>( // eslint-disable-line @typescript-eslint/no-explicit-any -- test convenience
  method: string,
  url: string,
  /** `purpose` sets X-Purpose. */
  options: { token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string>; purpose?: string } = {},
): Promise<HttpResult<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.purpose !== undefined) headers['x-purpose'] = options.purpose;
  let body: string | undefined = options.rawBody;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  } else if (body !== undefined) {
    headers['content-type'] ??= 'application/json';
  }
  const response = await fetch(url, { method, headers, body });
  const text = await response.text();
  const contentType = response.headers.get('content-type') ?? '';
  let parsed: unknown = text;
  if (/json/.test(contentType) && text) parsed = JSON.parse(text);
  return { status: response.status, contentType, headers: response.headers, body: parsed as T };
}
