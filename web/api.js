/** The HTTP API of the server, relative to the page's own origin (the widget frame is served by the server too). */

export class ApiError extends Error {
  constructor(code, message, status = 0) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.status = status;
  }
}

async function request(path, init = {}) {
  let response;
  try {
    response = await fetch(path, { ...init, headers: { Accept: 'application/json', ...(init.body ? { 'Content-Type': 'application/json' } : {}) } });
  } catch {
    throw new ApiError('NETWORK', '无法连接服务器，请检查网络后重试');
  }
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    const error = body && typeof body === 'object' ? body.error : null;
    throw new ApiError(error?.code ?? 'HTTP_ERROR', error?.message ?? `服务器返回 ${response.status}`, response.status);
  }
  return body;
}

export function getHealth() {
  return request('/api/health');
}

export function postAsk(body) {
  return request('/api/ask', { method: 'POST', body: JSON.stringify(body) });
}

/** The library's documents and their facets (places, issuers, years, statuses). */
export function getDocuments() {
  return request('/api/documents');
}

export function postFeedback(body) {
  return request('/api/feedback', { method: 'POST', body: JSON.stringify(body) });
}

const documents = new Map();

/** One document with its clauses; remembered, except a failed load so a retry can work. */
export function getDocument(id) {
  if (!documents.has(id)) {
    const loading = request(`/api/documents/${encodeURIComponent(id)}`);
    documents.set(id, loading);
    loading.catch(() => documents.delete(id));
  }
  return documents.get(id);
}
