import type { DownloadedFile, Problem } from './types';

export const API_BASE = '/api/v1';

/** Code given to errors where no answer came back from the Manager. */
export const NETWORK_ERROR = 'network_error';

/** An error answer of the API (or a failure to reach it). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details?: Problem['details'];

  constructor(status: number, problem: Problem) {
    super(problem.message);
    this.name = 'ApiError';
    this.status = status;
    this.code = problem.code;
    this.details = problem.details;
  }
}

export function isApiError(value: unknown): value is ApiError {
  return value instanceof ApiError;
}

let csrfToken: string | null = null;
let unauthorizedHandler: (() => void) | null = null;

/** Remembers the token sent as X-CSRF-Token on every state-changing request. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export function getCsrfToken(): string | null {
  return csrfToken;
}

/**
 * Registers what happens when a call answers 401 (the session is gone): the
 * auth provider sends the user back to the login page. Returns an unregister
 * function.
 */
export function onUnauthorized(handler: () => void): () => void {
  unauthorizedHandler = handler;
  return () => {
    if (unauthorizedHandler === handler) unauthorizedHandler = null;
  };
}

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RequestOptions {
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as is (a file upload), with its content type. */
  rawBody?: { data: Blob; contentType: string };
  /**
   * false for the calls that establish the session (login, session restore,
   * logout): their 401 is an answer, not a reason to leave the page.
   */
  redirectOnUnauthorized?: boolean;
}

const STATE_CHANGING: ReadonlySet<Method> = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function isProblem(value: unknown): value is Problem {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Problem).code === 'string' &&
    typeof (value as Problem).message === 'string'
  );
}

async function readProblem(response: Response): Promise<Problem> {
  const fallback: Problem = {
    code: `http_${response.status}`,
    message: response.statusText || `HTTP ${response.status}`,
  };
  try {
    const text = await response.text();
    if (!text) return fallback;
    const parsed: unknown = JSON.parse(text);
    return isProblem(parsed) ? parsed : fallback;
  } catch {
    return fallback;
  }
}

/** Sends one request and returns the successful response; the only place that calls fetch. */
async function send(method: Method, path: string, options: RequestOptions, accept: string): Promise<Response> {
  const headers: Record<string, string> = { Accept: accept };
  const init: RequestInit = { method, credentials: 'same-origin', headers };
  if (options.rawBody !== undefined) {
    headers['Content-Type'] = options.rawBody.contentType;
    init.body = options.rawBody.data;
  } else if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(options.body);
  }
  if (STATE_CHANGING.has(method) && csrfToken) {
    headers['X-CSRF-Token'] = csrfToken;
  }

  let response: Response;
  try {
    response = await fetch(`${API_BASE}${path}`, init);
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : String(cause);
    throw new ApiError(0, { code: NETWORK_ERROR, message });
  }

  if (!response.ok) {
    const problem = await readProblem(response);
    if (response.status === 401 && options.redirectOnUnauthorized !== false) {
      csrfToken = null;
      unauthorizedHandler?.();
    }
    throw new ApiError(response.status, problem);
  }
  return response;
}

/** Sends one request to the Manager API and returns its JSON answer. */
export async function request<T>(method: Method, path: string, options: RequestOptions = {}): Promise<T> {
  const response = await send(method, path, options, 'application/json');
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/** The file name of a Content-Disposition header (RFC 6266: filename* wins over filename). */
export function dispositionFilename(header: string | null): string | null {
  if (!header) return null;
  const extended = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(header);
  if (extended) {
    try {
      return decodeURIComponent(extended[1].trim());
    } catch {
      // fall through to the plain parameter
    }
  }
  const plain = /filename\s*=\s*(?:"([^"]*)"|([^;]+))/i.exec(header);
  return plain ? (plain[1] ?? plain[2]).trim() : null;
}

/** Downloads a file answer (GET); `fallbackName` is used when the Manager names none. */
export async function download(path: string, fallbackName: string): Promise<DownloadedFile> {
  const response = await send('GET', path, {}, '*/*');
  const blob = await response.blob();
  return { blob, filename: dispositionFilename(response.headers.get('Content-Disposition')) ?? fallbackName };
}
