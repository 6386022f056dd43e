import type { ReplyOf } from '@contracts/core';
import type { members } from '@contracts/members';
import { ApiError, type Lang } from '../api';
import { endpoint } from './endpoint';

type C = typeof members;

export const membersApi = {
  list: endpoint<C['list']>('GET /members'),
  lookup: endpoint<C['lookup']>('POST /members/lookup'),
  exportXlsx: endpoint<C['exportXlsx']>('GET /members/export'),
  enrol: endpoint<C['enrol']>('POST /members'),
  get: endpoint<C['get']>('GET /members/:id'),
  setTags: endpoint<C['setTags']>('PUT /members/:id/tags'),
  leave: endpoint<C['leave']>('POST /members/:id/leave'),
  registrations: endpoint<C['registrations']>('GET /member-registrations'),
  confirmRegistration: endpoint<C['confirmRegistration']>('POST /member-registrations/:id/confirm'),
  rejectRegistration: endpoint<C['rejectRegistration']>('POST /member-registrations/:id/reject'),
  transfers: endpoint<C['transfers']>('GET /member-transfers'),
  requestTransfer: endpoint<C['requestTransfer']>('POST /member-transfers'),
  confirmTransfer: endpoint<C['confirmTransfer']>('POST /member-transfers/:id/confirm'),
  rejectTransfer: endpoint<C['rejectTransfer']>('POST /member-transfers/:id/reject'),
  verifyCard: endpoint<C['verifyCard']>('POST /member-cards/verify'),
  /** Multipart: call `uploadMemberImport`, which posts the file as a form and reports its progress. */
  previewImport: endpoint<C['previewImport']>('POST /member-imports'),
  getImport: endpoint<C['getImport']>('GET /member-imports/:id'),
  commitImport: endpoint<C['commitImport']>('POST /member-imports/:id/commit'),
  importErrors: endpoint<C['importErrors']>('GET /member-imports/:id/errors'),
  unions: endpoint<C['unions']>('GET /portal/member-unions'),
  union: endpoint<C['union']>('GET /portal/member-unions/:id'),
  myMembership: endpoint<C['myMembership']>('GET /portal/membership'),
  register: endpoint<C['register']>('POST /portal/member-registrations'),
  myCard: endpoint<C['myCard']>('GET /portal/member-card'),
};

export type UploadOptions = {
  csrfToken: string | null;
  lang: Lang;
  /** Bytes sent and their total, as the upload goes. */
  onProgress?: (sent: number, total: number) => void;
  signal?: AbortSignal;
};

/**
 * Uploads a member list for its preview as a multipart form (part "file"), streamed by the browser rather than read
 * into the page; XMLHttpRequest because fetch reports no upload progress. Errors come back as ApiError.
 */
export function uploadMemberImport(file: File, o: UploadOptions): Promise<ReplyOf<C['previewImport']>> {
  const fd = new FormData();
  fd.append('file', file, file.name);
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', membersApi.previewImport.path());
    xhr.withCredentials = true;
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('Accept-Language', o.lang);
    if (o.csrfToken) xhr.setRequestHeader('X-CSRF-Token', o.csrfToken);
    xhr.upload.onprogress = (e) => o.onProgress?.(e.loaded, e.lengthComputable ? e.total : file.size);
    const failed = () =>
      reject(
        new ApiError(0, 'NETWORK', o.lang === 'en' ? 'The server cannot be reached. Check the network and try again.' : '无法连接服务器，请检查网络后重试。'),
      );
    xhr.onerror = failed;
    xhr.onabort = () => reject(new DOMException('aborted', 'AbortError'));
    xhr.onload = () => {
      let data: unknown;
      try {
        data = JSON.parse(xhr.responseText);
      } catch {
        data = null;
      }
      if (xhr.status >= 200 && xhr.status < 300) return resolve(data as ReplyOf<C['previewImport']>);
      const e = (data as { error?: { code?: string; message?: string; field?: string; requestId?: string } } | null)?.error;
      reject(
        new ApiError(
          xhr.status,
          e?.code ?? `HTTP_${xhr.status}`,
          e?.message ?? (o.lang === 'en' ? `The request failed (HTTP ${xhr.status}).` : `请求失败（HTTP ${xhr.status}）。`),
          e?.field?.split('.').pop(),
          e?.requestId,
        ),
      );
    };
    o.signal?.addEventListener('abort', () => xhr.abort());
    xhr.send(fd);
  });
}
