// The one way the web client talks HTTP to the server: same-origin cookies, JSON, the CSRF header on every
// state-changing request, and every failure turned into an ApiRequestError carrying the protocol's ApiError.
import { CSRF_HEADER, ERROR_CODES, type ApiError, type ErrorCode } from '$protocol';

export const UNAVAILABLE_MESSAGE = 'Không kết nối được máy chủ. Kiểm tra mạng rồi thử lại.';

export class ApiRequestError extends Error {
  readonly error: ApiError;

  constructor(error: ApiError) {
    super(error.message);
    this.name = 'ApiRequestError';
    this.error = error;
  }

  get code(): ErrorCode {
    return this.error.code;
  }

  get statusCode(): number {
    return this.error.statusCode;
  }
}

/** Any thrown value as an ApiError, so callers keep one error shape for display. */
export function toApiError(thrown: unknown): ApiError {
  if (thrown instanceof ApiRequestError) return thrown.error;
  const message = thrown instanceof Error ? thrown.message : String(thrown);
  return { code: 'INTERNAL', statusCode: 0, message };
}

let csrfToken: string | null = null;
let unauthenticatedHandler: (() => void) | null = null;

/** The token comes with Me; it is kept here rather than read from a cookie so scripts cannot guess it. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called when the server says the session cookie is no longer valid, wherever the request came from. */
export function onUnauthenticated(handler: () => void): void {
  unauthenticatedHandler = handler;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A file sent as the request's body with its own content type (an import), instead of JSON. */
interface RawBody {
  raw: Blob | FormData;
  contentType: string;
}

async function request<T>(method: Method, path: string, body?: unknown, raw?: RawBody): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  // A form's content type carries its boundary: the browser writes it.
  if (raw && raw.contentType) headers['content-type'] = raw.contentType;
  else if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers[CSRF_HEADER] = csrfToken;

  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: raw ? raw.raw : body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiRequestError({ code: 'UNAVAILABLE', statusCode: 0, message: UNAVAILABLE_MESSAGE });
  }

  if (!response.ok) {
    const error = await readError(response);
    if (error.code === 'UNAUTHENTICATED') unauthenticatedHandler?.();
    throw new ApiRequestError(error);
  }
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

async function readError(response: Response): Promise<ApiError> {
  const fallback = fallbackError(response);
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    return fallback; // a proxy or a crashed server answers without our JSON
  }
  if (typeof body !== 'object' || body === null) return fallback;
  const candidate = body as Partial<ApiError>;
  if (!isErrorCode(candidate.code) || typeof candidate.message !== 'string') return fallback;
  return {
    ...candidate,
    code: candidate.code,
    message: candidate.message,
    statusCode: typeof candidate.statusCode === 'number' ? candidate.statusCode : response.status,
    retryAfter: candidate.retryAfter ?? fallback.retryAfter,
  };
}

function fallbackError(response: Response): ApiError {
  const status = response.status;
  const retryHeader = Number(response.headers.get('retry-after'));
  const retryAfter = Number.isFinite(retryHeader) && retryHeader > 0 ? retryHeader : undefined;
  const byStatus: Record<number, [ErrorCode, string]> = {
    400: ['BAD_REQUEST', 'Yêu cầu không hợp lệ.'],
    401: ['UNAUTHENTICATED', 'Phiên đăng nhập đã hết hạn. Vui lòng đăng nhập lại.'],
    403: ['FORBIDDEN', 'Bạn không có quyền thực hiện thao tác này.'],
    404: ['NOT_FOUND', 'Không tìm thấy dữ liệu yêu cầu.'],
    409: ['CONFLICT', 'Dữ liệu đã thay đổi. Vui lòng tải lại rồi thử lại.'],
    429: ['TOO_MANY_ATTEMPTS', 'Bạn thao tác quá nhiều lần. Vui lòng đợi rồi thử lại.'],
    502: ['UNAVAILABLE', UNAVAILABLE_MESSAGE],
    503: ['UNAVAILABLE', UNAVAILABLE_MESSAGE],
    504: ['UNAVAILABLE', UNAVAILABLE_MESSAGE],
  };
  const [code, message] = byStatus[status] ?? ['INTERNAL', `Máy chủ gặp lỗi (mã ${status}). Vui lòng thử lại.`];
  return { code, statusCode: status, message, retryAfter };
}

export const api = {
  get: <T>(path: string) => request<T>('GET', path),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, body),
  put: <T>(path: string, body?: unknown) => request<T>('PUT', path, body),
  patch: <T>(path: string, body?: unknown) => request<T>('PATCH', path, body),
  delete: <T>(path: string) => request<T>('DELETE', path),
  upload: <T>(path: string, file: Blob, contentType: string) => request<T>('POST', path, undefined, { raw: file, contentType }),
  /** A form with files (multipart/form-data). */
  form: <T>(path: string, form: FormData) => request<T>('POST', path, undefined, { raw: form, contentType: '' }),
};
